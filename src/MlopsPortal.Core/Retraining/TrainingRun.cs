using MlopsPortal.Core.Jobs;

namespace MlopsPortal.Core.Retraining;

/// <summary>A training run as recorded: the spec, the job's status and, when finished, the result.</summary>
public sealed record TrainingRun(
    Guid Id,
    TrainingRunSpec Spec,
    JobStatus Status,
    double Progress,
    string? Message,
    string? Error,
    TrainingResult? Result,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

/// <summary>What a finished run produced: the trainer that ran, the registered version and both evaluations on the test split.</summary>
/// <param name="Production">The model's PRODUCTION version on the same test rows; null when there is none or it could not be evaluated (see <paramref name="ProductionNote"/>).</param>
public sealed record TrainingResult(
    string Trainer,
    string? FallbackReason,
    IReadOnlyList<string> Features,
    long TrainRows,
    long TestRows,
    long SkippedRows,
    double TrainingSeconds,
    string RegisteredVersion,
    ModelEvaluation New,
    string? ProductionVersion,
    ModelEvaluation? Production,
    string? ProductionNote,
    string? PredictionsTable);
