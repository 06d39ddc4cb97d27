using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>
/// A model monitor: the parameters of Snowflake's CREATE MODEL MONITOR. Built from a <see cref="MonitorRequest"/>
/// by <see cref="MonitorRequest.ToSpec"/>, which validates every identifier and number.
/// </summary>
public sealed record MonitorSpec(
    string Name,
    string Model,
    string Version,
    string Function,
    string Source,
    string Baseline,
    string TimestampColumn,
    int AggregationWindowDays,
    IReadOnlyList<string> IdColumns,
    IReadOnlyList<string> PredictionClassColumns,
    IReadOnlyList<string> PredictionScoreColumns,
    IReadOnlyList<string> ActualClassColumns,
    IReadOnlyList<string> SegmentColumns,
    string RefreshInterval,
    string? Warehouse)
{
    public const int MaxSegmentColumns = 5;

    /// <summary>
    /// Columns the user added to the drift columns beyond the default (the version's inputs and the prediction columns);
    /// never an id, timestamp, label or portal column (docs/metrics.md, "Which columns drift").
    /// </summary>
    public IReadOnlyList<string> IncludeDriftColumns { get; init; } = [];

    /// <summary>Columns the user removed from the default drift columns.</summary>
    public IReadOnlyList<string> ExcludeDriftColumns { get; init; } = [];

    /// <summary>The predicted class column used for performance metrics (the first one), if any.</summary>
    public string? PredictionClass => PredictionClassColumns.Count > 0 ? PredictionClassColumns[0] : null;

    /// <summary>The score column used for ROC_AUC and LOG_LOSS (the first one), if any.</summary>
    public string? PredictionScore => PredictionScoreColumns.Count > 0 ? PredictionScoreColumns[0] : null;

    /// <summary>The actual class column (the first one), if any.</summary>
    public string? ActualClass => ActualClassColumns.Count > 0 ? ActualClassColumns[0] : null;

    /// <summary>Every column the spec names in the source, with what it is for (for validation messages).</summary>
    public IEnumerable<(string Column, string Role)> NamedColumns()
    {
        yield return (TimestampColumn, "timestampColumn");
        foreach (var c in IdColumns) yield return (c, "idColumns");
        foreach (var c in PredictionClassColumns) yield return (c, "predictionClassColumns");
        foreach (var c in PredictionScoreColumns) yield return (c, "predictionScoreColumns");
        foreach (var c in ActualClassColumns) yield return (c, "actualClassColumns");
        foreach (var c in SegmentColumns) yield return (c, "segmentColumns");
    }

    /// <summary>Columns that are not features: id, timestamp and actual class columns.</summary>
    public bool IsNonFeature(string column) =>
        Same(column, TimestampColumn) || IdColumns.Any(c => Same(c, column)) || ActualClassColumns.Any(c => Same(c, column));

    /// <summary>True for a prediction class or score column.</summary>
    public bool IsPrediction(string column) =>
        PredictionClassColumns.Any(c => Same(c, column)) || PredictionScoreColumns.Any(c => Same(c, column));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A validated, upper-cased identifier; the message names the field.</summary>
    public static string Id(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new PortalValidationException($"The monitor's {field} is missing.")
            : Identifier.IsValid(value.Trim())
                ? value.Trim().ToUpperInvariant()
                : throw new PortalValidationException($"The monitor's {field} '{value}' is not a valid name: use letters, digits, '_' or '$', starting with a letter or '_'.");
}
