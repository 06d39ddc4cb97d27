using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Scoring;

/// <summary>Everything a run needs to know about its tables, checked before anything is written.</summary>
public sealed record ScoringPlan(
    TableInfo Source,
    FeatureProjection Features,
    IReadOnlyList<ColumnInfo> Kept,
    string Where,
    IReadOnlyDictionary<string, object?> Parameters,
    ScoringRunSpec Spec)
{
    public const string RunIdColumn = OutputColumns.ScoringRunId;

    /// <summary>Describes the source through the warehouse port (names checked first: no hostile name reaches it), then <see cref="Create"/>.</summary>
    public static async Task<ScoringPlan> CreateAsync(IWarehouse warehouse, ScoringRunSpec spec, ModelVersion version, CancellationToken ct)
    {
        CheckNames(spec);
        return Create(spec, version, await warehouse.DescribeTableAsync(spec.Source, ct), warehouse.Dialect);
    }

    /// <summary>
    /// The rules of a run, decided without the warehouse: valid names, an output that is neither the source nor the
    /// portal's own, a threshold strictly inside (0, 1), kept and filtered columns the source has, and every model
    /// input found in the source (<see cref="FeatureProjection"/>). <paramref name="source"/> null: there is no such table.
    /// </summary>
    public static ScoringPlan Create(ScoringRunSpec spec, ModelVersion version, TableInfo? source, ISqlDialect d)
    {
        CheckNames(spec);
        if (source is null) throw new PortalNotFoundException($"There is no table named {spec.Source}.");
        var features = FeatureProjection.Build(version.Preprocessing, source, d);
        var produced = new[] { spec.ScoreColumn, spec.ClassColumn, RunIdColumn };
        var kept = (spec.KeepColumns ?? source.Columns.Select(c => c.Name).ToList())
            .Select(name => source.Column(name) ?? throw new PortalValidationException($"Column {name} to keep is not in {source.Name}."))
            .Where(c => !produced.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var (where, parameters) = FilterSql.Build(spec.Filter, source, d);
        return new ScoringPlan(source, features, kept, where, parameters, spec);
    }

    private static void CheckNames(ScoringRunSpec spec)
    {
        Identifier.Validate(spec.Source, "source table name");
        Identifier.Validate(spec.Output, "output table name");
        Identifier.Validate(spec.ScoreColumn, "score column name");
        Identifier.Validate(spec.ClassColumn, "class column name");
        PortalTables.RefuseReserved(spec.Output);
        if (string.Equals(spec.Source, spec.Output, StringComparison.OrdinalIgnoreCase))
            throw new PortalValidationException("The output table must differ from the source table.");
        if (spec.Threshold is <= 0 or >= 1 || double.IsNaN(spec.Threshold))
            throw new PortalValidationException($"The threshold {spec.Threshold} must lie strictly between 0 and 1.");
    }

    /// <summary>
    /// The model inputs of rows read with <see cref="FeatureSelect"/>, row after row: the features follow the kept
    /// columns; NULL becomes NaN (missing).
    /// </summary>
    public float[] Inputs(IReadOnlyList<object?[]> rows)
    {
        int kept = Kept.Count, features = Features.Expressions.Count;
        var inputs = new float[rows.Count * features];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var f = 0; f < features; f++)
                inputs[(r * features) + f] = row[kept + f] is { } v ? (float)Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : float.NaN;
        }
        return inputs;
    }

    public string KeptList(ISqlDialect d) => string.Join(", ", Kept.Select(c => d.Quote(c.Name)));

    /// <summary>Kept columns then every feature, from the filtered source: what both execution paths read.</summary>
    public string FeatureSelect(ISqlDialect d)
    {
        var columns = Kept.Select(c => d.Quote(c.Name)).Concat(Features.AliasedSelectList());
        return $"SELECT {string.Join(", ", columns)} FROM {d.Quote(Source.Name)} {Where}";
    }
}
