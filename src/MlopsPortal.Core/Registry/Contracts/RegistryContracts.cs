using System.Text.Json.Nodes;

namespace MlopsPortal.Core.Registry.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record ModelDto(string Name, string? Comment, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Aliases, string Owner, DateTime CreatedAt, IReadOnlyList<string> Versions);

public sealed record SourceDto(string Kind, string? Uri, string Description, string ArtifactFormat, string Sha256, long SizeBytes, string FileName);

public sealed record FeatureSourceDto(string Feature, string Kind, string? Column, string? Value);

public sealed record PreprocessingDto(IReadOnlyList<FeatureSourceDto> Features, IReadOnlyDictionary<string, string> DroppedCategories,
    IReadOnlyList<string> NumericColumns, IReadOnlyList<string> Unmapped,
    MlopsPortal.Core.FeatureStore.RetrainingRecipe? Recipe, IReadOnlyList<InputColumn> InputColumns);

public sealed record VersionDto(string Name, IReadOnlyList<string> Aliases, JsonObject Metrics, IReadOnlyList<FeatureSpec> Signature,
    SourceDto Source, string? Comment, string Task, PreprocessingDto Preprocessing, string CreatedBy, DateTime CreatedAt);

public sealed record AuditDto(long Seq, DateTime At, string User, string Action, string? Alias, string? From, string? To, string? Reason);

public sealed record AliasChangeDto(string Model, string Alias, string? From, string? To, string? Displaced, AuditDto Audit);

/// <summary>Confirm: move even when the input signature differs or an alias-bound schedule would break (else 409).</summary>
public sealed record AliasRequest(string? Version, string? Reason, bool? Confirm = null);

/// <summary>What moving an alias would change (the 409's body carries the same fields).</summary>
public sealed record AliasMoveCheckDto(string Model, string Alias, string? From, string To, bool NeedsConfirmation,
    IReadOnlyList<string> Added, IReadOnlyList<string> Missing, IReadOnlyList<string> Retyped, IReadOnlyList<AliasBindingImpact> Schedules);

/// <summary>Computes a version's metrics on a labelled table: table, label column (0/1), optional filter and threshold.</summary>
public sealed record EvaluateRequest(string? Table, string? Label, List<MlopsPortal.Core.Scoring.FilterCondition>? Filter, double? Threshold);

/// <summary>Evaluates two or more versions on the same table, label, filter and threshold (the compare view's one click).</summary>
public sealed record CompareRequest(List<string>? Versions, string? Table, string? Label, List<MlopsPortal.Core.Scoring.FilterCondition>? Filter, double? Threshold);

public sealed record EvaluationDto(string Version, long Rows, DateTime At, string By);

public sealed record ComparedMetricDto(string Name, IReadOnlyList<double?> Values, IReadOnlyList<double?> Deltas);

/// <summary>Versions side by side on the same rows; values and deltas (against the first version) rounded to 4 decimals.</summary>
public sealed record ComparisonDto(
    string Model, string Table, string Label, IReadOnlyList<MlopsPortal.Core.Scoring.FilterCondition> Filter, double Threshold, string Description,
    IReadOnlyList<string> Versions, IReadOnlyList<EvaluationDto> Evaluations, IReadOnlyList<ComparedMetricDto> Metrics);

public sealed record ReasonRequest(string? Reason);

public sealed record ModelUpdate(string? Comment, Dictionary<string, string>? Tags);

public sealed record VersionUpdate(string? Comment, JsonObject? Metrics);

public sealed record MappingRequest(IReadOnlyList<string>? Features, string? Table);
