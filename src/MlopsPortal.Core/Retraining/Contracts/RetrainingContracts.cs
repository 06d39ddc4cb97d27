namespace MlopsPortal.Core.Retraining.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

/// <summary>
/// A training run: model, training table, features (names or prefixes ending in _ or *), label, split
/// (testRatio, seed, stratified), XGBoost-named trainer parameters, the new version's name, comment and lineage.
/// </summary>
public sealed record TrainingRunRequest(
    string? Model, string? TrainingTable, List<string>? Features, string? Label, double? TestRatio, int? Seed, bool? Stratified,
    int? NTrees, int? MaxDepth, double? LearningRate, double? MinChildWeight, double? Subsample, string? Trainer, int? Threads,
    string? Version, string? Comment, TrainingLineage? Lineage, string? PredictionsTable, List<string>? PredictionKeepColumns);

public sealed record TrainingRunDto(
    Guid Id, string Status, double Progress, string? Message, string? Error, TrainingRunSpec Spec, TrainingResult? Result,
    string? CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);
