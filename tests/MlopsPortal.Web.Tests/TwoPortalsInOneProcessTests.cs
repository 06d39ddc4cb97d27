using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Web.Tests;

/// <summary>
/// Two portals in one process (as the test runs have them) each run their own jobs with their own services:
/// a job enqueued on the first is performed by the first's container, even when the second was built last.
/// </summary>
public sealed class TwoPortalsInOneProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_portal_performs_its_own_jobs_with_its_own_services()
    {
        await using var first = new PortalFactory();
        await using var second = new PortalFactory();
        _ = await first.AdminClientAsync();
        _ = await second.AdminClientAsync(); // built last: any process-wide Hangfire state now points at it

        var id = first.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<TwoPortalsProbe>(p => p.RecordAsync(null));
        for (var i = 0; i < 150 && TwoPortalsProbe.Seen(id) is null; i++)
            await Task.Delay(200, Ct);
        Assert.Same(first.Services.GetRequiredService<IWarehouse>(), TwoPortalsProbe.Seen(id));
    }
}

/// <summary>Remembers which portal's warehouse the container that performed a job holds.</summary>
public sealed class TwoPortalsProbe(IWarehouse warehouse)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IWarehouse> Performers = new();

    public static IWarehouse? Seen(string jobId) => Performers.GetValueOrDefault(jobId);

    public Task RecordAsync(PerformContext? context)
    {
        Performers[context!.BackgroundJob.Id] = warehouse;
        return Task.CompletedTask;
    }
}
