using Hangfire;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// The Hangfire job: thin. It waits for the run's turn on its output table (<see cref="ScoringRunOrder"/>), then hands
/// the run to the executor under the tracker. When an earlier run has not started yet, the job gives its worker back
/// and is queued again, so the queue drains whichever order the workers fetched the jobs in.
/// </summary>
public sealed class ScoringJob(JobTracker tracker, ScoringExecutor executor, ScoringRunOrder order, IJobRunStore jobs, IBackgroundJobClient hangfire)
{
    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!await WaitForTurnAsync(runId, cancellationToken))
        {
            hangfire.Enqueue<ScoringJob>(job => job.RunAsync(runId, CancellationToken.None));
            return;
        }
        await tracker.RunAsync(runId, (progress, ct) => executor.ExecuteAsync(runId, progress, ct), cancellationToken);
    }

    private async Task<bool> WaitForTurnAsync(Guid runId, CancellationToken ct)
    {
        var before = await order.UnfinishedBeforeAsync(runId, ct);
        if (before.Count == 0) return true;
        await jobs.ReportProgressAsync(runId, 0, $"waiting for {before.Count} earlier run(s) writing the same table", ct);
        return await order.WaitForTurnAsync(runId, jobs, ct);
    }
}
