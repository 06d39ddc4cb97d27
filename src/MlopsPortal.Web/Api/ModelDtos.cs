using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Web.Api;

/// <summary>The registry's JSON shapes (docs/api.md).</summary>
public static class ModelDtos
{
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

    public static AliasMoveCheckDto ToDto(this AliasMoveCheck c) => new(c.Model, c.Alias, c.From, c.To, c.NeedsConfirmation,
        c.Changes.Added, c.Changes.Missing, c.Changes.Retyped, c.Bindings);

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

    public static ComparisonDto ToDto(this VersionComparison c) => new(
        c.Model, c.Basis.Table, c.Basis.Label, c.Basis.Filter, c.Basis.Threshold, c.Description, c.Versions,
        c.Evaluations.Select(e => new EvaluationDto(e.Version, e.Rows, e.At, e.By)).ToList(),
        c.Metrics.Select(m => new ComparedMetricDto(m.Name, m.Values, m.Deltas)).ToList());

    public sealed record ReasonRequest(string? Reason);

    public sealed record ModelUpdate(string? Comment, Dictionary<string, string>? Tags);

    public sealed record VersionUpdate(string? Comment, JsonObject? Metrics);

    public sealed record MappingRequest(IReadOnlyList<string>? Features, string? Table);

    public static ModelDto ToDto(this RegisteredModel m) => new(m.Name, m.Comment, m.Tags, m.Aliases, m.Owner, m.CreatedAt, m.Versions);

    public static VersionDto ToDto(this ModelVersion v) => new(v.Name, v.Aliases, v.Metrics, v.Signature,
        new SourceDto(v.Source.Kind, v.Source.Uri, v.Source.Description, v.Source.ArtifactFormat, v.Source.Sha256, v.Source.SizeBytes, v.Source.FileName),
        v.Comment, v.Task, v.Preprocessing.ToDto(), v.CreatedBy, v.CreatedAt);

    public static PreprocessingDto ToDto(this PreprocessingSpec p) => new(
        p.Features.Select(f => new FeatureSourceDto(f.Feature, f.Kind.ToString(), f.Column, f.Value)).ToList(),
        p.DroppedCategories, p.NumericColumns.ToList(), p.Unmapped.ToList(), p.Recipe, InputSignature.Of(p));

    public static AuditDto ToDto(this AuditEntry e) => new(e.Seq, e.At, e.User, e.Action, e.Alias, e.From, e.To, e.Reason);

    public static AliasChangeDto ToDto(this AliasChange c) => new(c.Model, c.Alias, c.From, c.To, c.Displaced, c.Audit.ToDto());
}
