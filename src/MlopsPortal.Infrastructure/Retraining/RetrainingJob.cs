using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>The Hangfire job: thin, it hands the run to the executor under the tracker (progress, cancel, status).</summary>
public sealed class RetrainingJob(JobTracker tracker, TrainingExecutor executor)
{
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) =>
        tracker.RunAsync(runId, (progress, ct) => executor.ExecuteAsync(runId, progress, ct), cancellationToken);
}
