using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Web.Tests;

/// <summary>
/// Two portals in one process whose start-ups interleave, as parallel test classes have them: the first portal has
/// configured Hangfire (MapHangfireDashboard, while the app is built) when the second starts completely, and only
/// then does the first create its hosted services, its Hangfire server among them. The first portal's jobs must
/// still be performed in its own container: with Hangfire's default activator (the process-wide JobActivator.Current)
/// they were performed in the second portal's, where their run was unknown, so the run stayed Queued (and once the
/// second portal was disposed, they failed in its disposed container and were retried minutes apart).
/// </summary>
public sealed class InterleavedPortalStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_portal_overtaken_during_its_start_up_still_performs_its_own_jobs()
    {
        await using var second = new PortalFactory();
        await using var first = new OvertakenPortalFactory(second);
        _ = await first.AdminClientAsync();
        Assert.True(first.OvertakenBeforeItsServersWereCreated);

        // A tracked job, as the portal launches its refreshes and scoring runs: its run must leave Queued.
        var runId = await first.Services.GetRequiredService<JobLauncher>().EnqueueAsync<InterleavedPortalsProbe>(
            "probe", "Interleaved start probe", PortalFactory.AdminUser, id => j => j.RunAsync(id, CancellationToken.None), Ct);
        var admin = await first.AdminClientAsync();
        var status = "";
        for (var i = 0; i < 150 && status != "Succeeded"; i++)
        {
            await Task.Delay(200, Ct);
            status = (await admin.GetFromJsonAsync<JsonElement>($"/api/jobs/{runId}", Ct)).GetProperty("status").GetString();
        }
        Assert.Equal("Succeeded", status);
        Assert.Same(first.Services.GetRequiredService<IWarehouse>(), InterleavedPortalsProbe.Seen(runId));
    }

    /// <summary>A portal whose hosted services, when they are created, first have another portal start completely.</summary>
    private sealed class OvertakenPortalFactory(PortalFactory other) : PortalFactory
    {
        public bool OvertakenBeforeItsServersWereCreated { get; private set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Inserted first: the host creates its hosted services in registration order, so this runs before
            // Hangfire's server (and every other hosted service) is created, after the app configured Hangfire.
            builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(_ =>
            {
                _ = other.Services; // builds and starts the other portal, which configures Hangfire in its turn
                OvertakenBeforeItsServersWereCreated = true;
                return new NothingToHost();
            })));
        }
    }

    private sealed class NothingToHost : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>A tracked job that remembers which portal's warehouse the container that performed it holds.</summary>
public sealed class InterleavedPortalsProbe(IWarehouse warehouse, JobTracker tracker)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, IWarehouse> Performers = new();

    public static IWarehouse? Seen(Guid runId) => Performers.GetValueOrDefault(runId);

    public Task RunAsync(Guid runId, CancellationToken hangfireToken) => tracker.RunAsync(runId, (_, _) =>
    {
        Performers[runId] = warehouse;
        return Task.FromResult<string?>("probed");
    }, hangfireToken);
}
