using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>The Hangfire job: thin, it hands the run to the executor under the tracker.</summary>
public sealed class ScoringJob(JobTracker tracker, ScoringExecutor executor)
{
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) =>
        tracker.RunAsync(runId, (progress, ct) => executor.ExecuteAsync(runId, progress, ct), cancellationToken);
}
