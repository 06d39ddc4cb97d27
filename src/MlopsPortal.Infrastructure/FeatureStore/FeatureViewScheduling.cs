using Hangfire;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>Schedules feature-view refreshes: on demand (a tracked job run) and recurring on the view's cron.</summary>
public interface IFeatureViewScheduler
{
    Task<Guid> EnqueueRefreshAsync(string name, int version, string? user, CancellationToken ct);
    void Schedule(string name, int version, string cron);
}

/// <summary>Hangfire: one recurring job "feature-view-refresh:NAME$VERSION" per view (UTC cron).</summary>
public sealed class HangfireFeatureViewScheduler(JobLauncher launcher, IRecurringJobManager recurring) : IFeatureViewScheduler
{
    public static string RecurringId(string name, int version) => "feature-view-refresh:" + FeatureViewNames.Table(name, version);

    public Task<Guid> EnqueueRefreshAsync(string name, int version, string? user, CancellationToken ct) =>
        launcher.EnqueueAsync<FeatureViewRefreshJob>(FeatureStoreService.RefreshJobKind, $"Refresh feature view {FeatureViewNames.Table(name, version)}", user,
            id => j => j.RunAsync(id, name, version, CancellationToken.None), ct);

    public void Schedule(string name, int version, string cron) =>
        recurring.AddOrUpdate<FeatureViewRefreshJob>(RecurringId(name, version), j => j.ScheduledAsync(name, version, CancellationToken.None),
            cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}

/// <summary>The Hangfire job: thin, tracked, idempotent (the table is replaced whole).</summary>
public sealed class FeatureViewRefreshJob(FeatureViewMaterializer materializer, FeatureStoreStore store, JobTracker tracker, IJobRunStore runs)
{
    public Task RunAsync(Guid runId, string name, int version, CancellationToken hangfireToken) =>
        tracker.RunAsync(runId, async (progress, ct) =>
        {
            var rows = await materializer.RefreshAsync(name, version, progress, ct);
            return $"{FeatureViewNames.Table(name, version)}: {rows:N0} rows";
        }, hangfireToken);

    /// <summary>The recurring entry point: skips deleted views, otherwise records a run and refreshes.</summary>
    public async Task ScheduledAsync(string name, int version, CancellationToken hangfireToken)
    {
        if (await store.GetViewAsync(name, version, hangfireToken) is null)
            return;
        var id = Guid.NewGuid();
        await runs.CreateAsync(new JobRun(id, FeatureStoreService.RefreshJobKind, $"Scheduled refresh of {FeatureViewNames.Table(name, version)}",
            JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, "scheduler"), hangfireToken);
        await RunAsync(id, name, version, hangfireToken);
    }
}
