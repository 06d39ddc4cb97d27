using Hangfire;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>Schedules monitor refreshes: on demand (a tracked job run) and recurring per the refresh interval.</summary>
public interface IMonitorScheduler
{
    Task<Guid> EnqueueRefreshAsync(string monitor, bool full, string? user, CancellationToken ct);
    void Schedule(MonitorSpec spec);
    void Unschedule(string monitor);
}

/// <summary>Hangfire: one recurring job "monitor-refresh:NAME" per active monitor (UTC cron from the refresh interval).</summary>
public sealed class HangfireMonitorScheduler(JobLauncher launcher, IRecurringJobManager recurring) : IMonitorScheduler
{
    public static string RecurringId(string monitor) => "monitor-refresh:" + monitor;

    public Task<Guid> EnqueueRefreshAsync(string monitor, bool full, string? user, CancellationToken ct) =>
        launcher.EnqueueAsync<MonitorRefreshJob>(MonitorService.RefreshJobKind, $"Refresh monitor {monitor}{(full ? " (full)" : "")}", user,
            id => j => j.RunAsync(id, monitor, full, CancellationToken.None), ct);

    public void Schedule(MonitorSpec spec) =>
        recurring.AddOrUpdate<MonitorRefreshJob>(RecurringId(spec.Name), j => j.ScheduledAsync(spec.Name, CancellationToken.None),
            RefreshIntervals.ToCron(spec.RefreshInterval), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    public void Unschedule(string monitor) => recurring.RemoveIfExists(RecurringId(monitor));
}

/// <summary>The Hangfire job: thin, tracked, idempotent (a refresh replaces its windows in one transaction).</summary>
public sealed class MonitorRefreshJob(MonitorRefresher refresher, MonitorStore store, JobTracker tracker, IJobRunStore runs)
{
    public Task RunAsync(Guid runId, string monitor, bool full, CancellationToken hangfireToken) =>
        tracker.RunAsync(runId, async (progress, ct) => (await refresher.RefreshAsync(monitor, full, progress, ct)).Message, hangfireToken);

    /// <summary>The recurring entry point: skips suspended or deleted monitors, otherwise records a run and refreshes.</summary>
    public async Task ScheduledAsync(string monitor, CancellationToken hangfireToken)
    {
        var info = await store.GetAsync(monitor, hangfireToken);
        if (info is null || info.State != MonitorState.Active)
            return;
        var id = Guid.NewGuid();
        await runs.CreateAsync(new JobRun(id, MonitorService.RefreshJobKind, $"Scheduled refresh of monitor {monitor}", JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, "scheduler"), hangfireToken);
        await RunAsync(id, monitor, false, hangfireToken);
    }
}
