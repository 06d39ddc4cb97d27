using MlopsPortal.Core.Jobs;

namespace MlopsPortal.Core.Scoring;

/// <summary>A scoring run as recorded: the spec, the version actually used, and what it produced.</summary>
public sealed record ScoringRun(
    Guid Id,
    ScoringRunSpec Spec,
    string? ResolvedVersion,
    ScoringExecution Execution,
    JobStatus Status,
    double Progress,
    long? Rows,
    IReadOnlyDictionary<string, long> UnseenCategories,
    string? Error,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);
