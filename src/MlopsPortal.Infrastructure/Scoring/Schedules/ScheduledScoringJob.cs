using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Scoring.Schedules;

/// <summary>
/// The recurring Hangfire job: starts one scoring run as the schedule's owner. The spec's alias is resolved by the run
/// itself, so a schedule bound to PRODUCTION follows promotions. A paused or deleted schedule does nothing.
/// </summary>
public sealed class ScheduledScoringJob(ScoringScheduleStore store, ScoringService scoring)
{
    public async Task<Guid?> FireAsync(string schedule, CancellationToken ct)
    {
        var s = await store.GetAsync(schedule, ct);
        if (s is null || s.Paused) return null;
        using var owner = JobIdentity.ActAs(s.Owner);
        var runId = await scoring.StartAsync(s.Spec, ct);
        await store.RecordFiredAsync(s.Name, runId, ct);
        return runId;
    }
}
