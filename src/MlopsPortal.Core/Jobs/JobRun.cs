namespace MlopsPortal.Core.Jobs;

public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelling,
    Cancelled,
}

/// <summary>One run of a long job as the Jobs page shows it.</summary>
public sealed record JobRun(
    Guid Id,
    string Kind,
    string Title,
    JobStatus Status,
    double Progress,
    string? Message,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? CreatedBy)
{
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;

    public TimeSpan? Duration => StartedAt is { } s ? (FinishedAt ?? DateTime.UtcNow) - s : null;
}
