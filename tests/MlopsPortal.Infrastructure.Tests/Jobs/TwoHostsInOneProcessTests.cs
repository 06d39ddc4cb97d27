using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Tests.Jobs;

/// <summary>
/// Two portals in one process (as Web.Tests run them), each on its own SQLite job storage, whose start-ups
/// interleave: the first has configured Hangfire (the portal's MapHangfireDashboard does that while the app is
/// built) but not yet started its Hangfire server when the second configures Hangfire too. Hangfire.NetCore's
/// default JobActivator registration reads the process-wide JobActivator.Current when the server is created, and
/// every host's configuration overwrites it; so the first host's server would perform its jobs in the second
/// host's container, and once that host is disposed, not at all.
/// </summary>
public sealed class TwoHostsInOneProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_is_performed_by_the_container_of_the_host_that_enqueued_it_when_start_ups_interleave()
    {
        await using var hosts = await InterleavedHostsAsync();
        var jobId = hosts.First.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<WhichHostJob>(j => j.Record(null));

        var performer = await WaitForPerformerAsync(jobId, TimeSpan.FromSeconds(30));
        Assert.Equal("first", performer);
    }

    [Fact]
    public async Task Jobs_still_run_promptly_after_the_other_host_is_disposed()
    {
        await using var hosts = await InterleavedHostsAsync();
        await hosts.DisposeSecondAsync();

        var jobId = hosts.First.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<WhichHostJob>(j => j.Record(null));

        // The first host's server polls every second: a few seconds is plenty, and far below the minutes of the bug
        // (activation in the disposed container threw, and Hangfire's automatic retries pushed the job further out).
        var performer = await WaitForPerformerAsync(jobId, TimeSpan.FromSeconds(20));
        Assert.True(performer == "first", $"performed by {performer ?? "nobody"}; job history: {History(hosts.First, jobId)}");
    }

    /// <summary>The job's states, newest first, with their reasons (an exception's message when it failed).</summary>
    private static string History(IHost host, string jobId)
    {
        var details = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId);
        return string.Join(" <- ", details.History.Select(h =>
            $"{h.StateName}({h.Reason}{(h.Data.TryGetValue("ExceptionMessage", out var message) ? ": " + message : "")})"));
    }

    private static async Task<string?> WaitForPerformerAsync(string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (WhichHostJob.PerformedBy(jobId) is null && DateTime.UtcNow < deadline)
            await Task.Delay(100, Ct);
        return WhichHostJob.PerformedBy(jobId);
    }

    /// <summary>Builds two hosts the way the portal builds its own (AddPortalJobs on a SQLite file in its data directory).</summary>
    private static async Task<HostPair> InterleavedHostsAsync()
    {
        var pair = new HostPair();
        pair.First = Build("first", pair.NewDataDirectory());
        _ = pair.First.Services.GetRequiredService<IGlobalConfiguration>(); // the first portal configures Hangfire...
        pair.Second = Build("second", pair.NewDataDirectory());
        _ = pair.Second.Services.GetRequiredService<IGlobalConfiguration>(); // ...the second one does too...
        await pair.First.StartAsync(Ct); // ...and only then does the first start its Hangfire server.
        await pair.Second.StartAsync(Ct);
        return pair;
    }

    private static IHost Build(string name, string dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MLOPS_DATA_DIR"] = dataDirectory });
        builder.AddPortalJobs();
        builder.Services.AddSingleton(new InstanceName(name));
        builder.Services.AddTransient<WhichHostJob>();
        return builder.Build();
    }

    private sealed class HostPair : IAsyncDisposable
    {
        private readonly List<string> _directories = [];
        private bool _secondDisposed;

        public IHost First { get; set; } = null!;
        public IHost Second { get; set; } = null!;

        public string NewDataDirectory()
        {
            var dir = Directory.CreateTempSubdirectory("mlops-two-hosts-").FullName;
            _directories.Add(dir);
            return dir;
        }

        public async Task DisposeSecondAsync()
        {
            await StopAndDisposeAsync(Second);
            _secondDisposed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAndDisposeAsync(First);
            if (!_secondDisposed)
                await StopAndDisposeAsync(Second);
            foreach (var dir in _directories)
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }

        private static async Task StopAndDisposeAsync(IHost host)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            // Hangfire's log provider is process-wide and points at the logger factory of the host configured last;
            // these hosts use the default (Microsoft) logger factory, which throws once disposed. The portal logs through
            // Serilog's factory, which does not, so this is about these bare test hosts only.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }
}

/// <summary>Records the name of the host whose container activated it.</summary>
public sealed class WhichHostJob(InstanceName instance)
{
    private static readonly ConcurrentDictionary<string, string> Performers = new();

    public static string? PerformedBy(string jobId) => Performers.GetValueOrDefault(jobId);

    public void Record(Hangfire.Server.PerformContext? context) => Performers[context!.BackgroundJob.Id] = instance.Value;
}
