namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Default drift thresholds (issue 6): JENSEN_SHANNON 0.1, POPULATION_STABILITY_INDEX 0.2, HELLINGER 0.1.
/// A drift value breaches when it is at or above its threshold. Per-monitor and per-column overrides are stored by the caller.
/// </summary>
public static class DriftThresholds
{
    /// <summary>The default threshold of a drift metric, or <c>null</c> when it has none (WASSERSTEIN and DIFFERENCE_OF_MEANS are in the column's units).</summary>
    public static double? Default(string metric) => metric switch
    {
        MetricNames.JensenShannon => 0.1,
        MetricNames.PopulationStabilityIndex => 0.2,
        MetricNames.Hellinger => 0.1,
        _ => null,
    };

    /// <summary>True when <paramref name="value"/> is at or above <paramref name="threshold"/> (empty values never breach).</summary>
    public static bool IsBreached(double? value, double? threshold) =>
        value is { } v && threshold is { } t && double.IsFinite(v) && v >= t;
}

/// <summary>A threshold set on a monitor for a drift metric, for one column or (Column null) for all of them.</summary>
public sealed record DriftThreshold(string Metric, string? Column, double Value);

/// <summary>
/// The thresholds in force on one monitor: a column's own threshold, else the metric's threshold on the monitor, else
/// the default (<see cref="DriftThresholds.Default"/>).
/// </summary>
public sealed class DriftThresholdSet(IReadOnlyList<DriftThreshold> custom)
{
    public static DriftThresholdSet Defaults { get; } = new([]);

    public IReadOnlyList<DriftThreshold> Custom { get; } = custom;

    public double? For(string metric, string? column = null) =>
        Custom.FirstOrDefault(t => t.Metric == metric && column is not null && string.Equals(t.Column, column, StringComparison.OrdinalIgnoreCase))?.Value
        ?? Custom.FirstOrDefault(t => t.Metric == metric && t.Column is null)?.Value
        ?? DriftThresholds.Default(metric);

    public bool IsBreached(string metric, string? column, double? value) => DriftThresholds.IsBreached(value, For(metric, column));

    /// <summary>Null when the threshold can be set; otherwise the message naming what is wrong.</summary>
    public static string? Validate(string metric, double value) =>
        !MetricNames.NumericDrift.Contains(metric) ? $"'{metric}' is not a drift metric; thresholds apply to {string.Join(", ", MetricNames.NumericDrift)}."
        : !double.IsFinite(value) || value <= 0 ? $"A drift threshold must be a positive number; {value} is not."
        : null;
}
