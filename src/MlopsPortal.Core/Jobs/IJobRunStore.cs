namespace MlopsPortal.Core.Jobs;

/// <summary>Where job runs, their progress and cancel requests are kept (the warehouse's PORTAL_JOB_RUNS).</summary>
public interface IJobRunStore
{
    Task CreateAsync(JobRun run, CancellationToken ct = default);
    Task<JobRun?> GetAsync(Guid id, CancellationToken ct = default);
    Task<IReadOnlyList<JobRun>> ListAsync(int limit = 200, string? kind = null, CancellationToken ct = default);
    Task MarkStartedAsync(Guid id, CancellationToken ct = default);
    Task ReportProgressAsync(Guid id, double progress, string? message, CancellationToken ct = default);
    Task MarkFinishedAsync(Guid id, JobStatus status, string? message, string? errorMessage, CancellationToken ct = default);

    /// <summary>Asks a queued or running job to stop; false when it had already finished.</summary>
    Task<bool> RequestCancelAsync(Guid id, CancellationToken ct = default);
}
