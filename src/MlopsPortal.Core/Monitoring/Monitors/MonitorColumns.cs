using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>How a column's drift is measured.</summary>
public enum DriftKind
{
    Numeric,
    Categorical,
}

/// <summary>A column whose drift against the baseline is computed.</summary>
public sealed record DriftColumn(string Name, DriftKind Kind, bool IsFloat, bool InBaseline);

/// <summary>
/// The resolved columns of a monitor over a concrete source and baseline: checks every named column exists with a usable
/// type, and lists the drift columns = features (source columns that are not id, timestamp or actual class) plus the
/// prediction columns. Numeric types drift as numbers, text and booleans as categories.
/// </summary>
public sealed record MonitorColumns(MonitorSpec Spec, IReadOnlyList<DriftColumn> Drift, IReadOnlyList<string> AllSourceColumns)
{
    /// <summary>
    /// Columns the portal itself writes into scored tables (the run id, ScoringPlan.RunIdColumn): never a model input,
    /// and different in every run, so its "drift" would read 1.0 every window (issue 14).
    /// </summary>
    public static IReadOnlySet<string> PortalOwnColumns { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Scoring.OutputColumns.ScoringRunId };

    /// <summary>
    /// The source columns a model version reads, its one-hot dummies folded back to the column they encode
    /// (LOAN_PURPOSE_NAME_Refinancing → LOAN_PURPOSE_NAME): the columns whose drift can move the model.
    /// </summary>
    /// <returns>null when the version maps none of its features to a column (nothing to narrow drift to).</returns>
    public static IReadOnlySet<string>? ModelInputs(Registry.PreprocessingSpec preprocessing)
    {
        var inputs = preprocessing.Features.Where(f => f.Column is not null).Select(f => f.Column!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return inputs.Count == 0 ? null : inputs;
    }

    /// <param name="modelInputs">
    /// When given (<see cref="ModelInputs"/>), drift covers only these columns and the prediction columns, as Snowflake's
    /// monitors do; null keeps every source column that is not an id, timestamp, label or portal column. Either way the
    /// spec's <see cref="MonitorSpec.IncludeDriftColumns"/> are added and its <see cref="MonitorSpec.ExcludeDriftColumns"/>
    /// removed (docs/metrics.md, "Which columns drift").
    /// </param>
    /// <param name="followsTime">
    /// Columns found to follow the timestamp (one value per timestamp, rising with it, like the lab's WEEK): left out
    /// of the default drift columns, since they "drift" every window by construction; a user may still add one.
    /// </param>
    public static MonitorColumns Plan(
        MonitorSpec spec, TableInfo? source, TableInfo? baseline, IReadOnlySet<string>? modelInputs = null, IReadOnlySet<string>? followsTime = null)
    {
        if (source is null)
            throw new PortalValidationException($"The monitor's source table {spec.Source} does not exist.");
        if (baseline is null)
            throw new PortalValidationException($"The monitor's baseline table {spec.Baseline} does not exist.");
        foreach (var (column, role) in spec.NamedColumns())
        {
            if (source.Column(column) is null)
                throw new PortalValidationException($"The source table {spec.Source} has no column {column} (named in {role}).");
        }

        var ts = source.Column(spec.TimestampColumn)!;
        if (ts.Type is not (WarehouseType.Timestamp or WarehouseType.Date))
            throw new PortalValidationException($"timestampColumn {ts.Name} of {spec.Source} is {ts.NativeType}; it must be a TIMESTAMP or DATE.");
        foreach (var c in spec.PredictionScoreColumns)
            RequireNumeric(source, c, "predictionScoreColumns", spec.Source);
        foreach (var c in spec.PredictionClassColumns.Concat(spec.ActualClassColumns))
            RequireNumeric(source, c, "a class column (0/1)", spec.Source);
        foreach (var c in spec.PredictionClassColumns.Concat(spec.PredictionScoreColumns))
        {
            if (baseline.Column(c) is null)
                throw new PortalValidationException($"The baseline table {spec.Baseline} has no column {c}; a baseline holds the prediction columns of the source.");
        }

        foreach (var c in spec.IncludeDriftColumns)
        {
            var col = source.Column(c) ?? throw new PortalValidationException($"The source table {spec.Source} has no column {c} (named in includeDriftColumns).");
            if (NeverDriftReason(spec, col.Name) is { } why)
                throw new PortalValidationException($"{col.Name} cannot be a drift column: it is {why}.");
            if (Kind(col.Type) is null)
                throw new PortalValidationException($"{col.Name} is {col.NativeType}; drift is measured on numbers, text and booleans.");
        }

        foreach (var c in spec.ExcludeDriftColumns)
        {
            if (source.Column(c) is null)
                throw new PortalValidationException($"The source table {spec.Source} has no column {c} (named in excludeDriftColumns).");
        }

        var drift = new List<DriftColumn>();
        foreach (var col in source.Columns)
        {
            if (NeverDriftReason(spec, col.Name) is not null || Kind(col.Type) is not { } kind || Named(spec.ExcludeDriftColumns, col.Name))
                continue;
            var added = Named(spec.IncludeDriftColumns, col.Name);
            if (!added && followsTime is not null && followsTime.Contains(col.Name) && !spec.IsPrediction(col.Name))
                continue;
            if (!added && modelInputs is not null && !modelInputs.Contains(col.Name) && !spec.IsPrediction(col.Name))
                continue;
            drift.Add(new DriftColumn(col.Name, kind, col.Type == WarehouseType.Double, baseline.Column(col.Name) is not null));
        }

        return new MonitorColumns(spec, drift, source.Columns.Select(c => c.Name).ToList());
    }

    /// <summary>Why <paramref name="column"/> never drifts (its role in the monitor, or the portal's own column); null when it may.</summary>
    public static string? NeverDriftReason(MonitorSpec spec, string column) =>
        string.Equals(column, spec.TimestampColumn, StringComparison.OrdinalIgnoreCase) ? "the monitor's timestamp column"
        : Named(spec.IdColumns, column) ? "an id column of the monitor"
        : Named(spec.ActualClassColumns, column) ? "the monitor's label (actual class) column"
        : PortalOwnColumns.Contains(column) ? "a column the portal writes itself (the scoring run's id)"
        : null;

    /// <summary>The source columns a user may pick as drift columns: typed for drift and not id, timestamp, label or portal columns.</summary>
    public static IReadOnlyList<string> Candidates(MonitorSpec spec, TableInfo source) =>
        source.Columns.Where(c => NeverDriftReason(spec, c.Name) is null && Kind(c.Type) is not null).Select(c => c.Name).ToList();

    private static bool Named(IEnumerable<string> columns, string column) => columns.Any(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));

    private static DriftKind? Kind(WarehouseType type) => type switch
    {
        WarehouseType.Integer or WarehouseType.Double or WarehouseType.Decimal => DriftKind.Numeric,
        WarehouseType.Text or WarehouseType.Boolean => DriftKind.Categorical,
        _ => null,
    };

    private static void RequireNumeric(TableInfo table, string column, string role, string tableName)
    {
        var c = table.Column(column)!;
        if (c.Type is not (WarehouseType.Integer or WarehouseType.Double or WarehouseType.Decimal))
            throw new PortalValidationException($"Column {c.Name} of {tableName} ({role}) is {c.NativeType}; it must be numeric.");
    }
}
