using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Registry.Contracts;

namespace MlopsPortal.Web.Api;

/// <summary>The registry's records as its JSON shapes (Core/Registry/Contracts).</summary>
public static class ModelDtos
{
    public static AliasMoveCheckDto ToDto(this AliasMoveCheck c) => new(c.Model, c.Alias, c.From, c.To, c.NeedsConfirmation,
        c.Changes.Added, c.Changes.Missing, c.Changes.Retyped, c.Bindings);

    public static ComparisonDto ToDto(this VersionComparison c) => new(
        c.Model, c.Basis.Table, c.Basis.Label, c.Basis.Filter, c.Basis.Threshold, c.Description, c.Versions,
        c.Evaluations.Select(e => new EvaluationDto(e.Version, e.Rows, e.At, e.By)).ToList(),
        c.Metrics.Select(m => new ComparedMetricDto(m.Name, m.Values, m.Deltas)).ToList());

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
