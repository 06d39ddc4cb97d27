using MlopsPortal.Core.Monitoring;
namespace MlopsPortal.Core.Alerts;

/// <summary>
/// An alert condition on a monitor metric: it fires when at least one point of <see cref="Metric"/>
/// (for <see cref="Column"/> when the metric is per column) inside <see cref="Range"/> satisfies
/// "value <see cref="Comparator"/> <see cref="Threshold"/>". E.g. the lab's F1_SCORE_DROP_ALERT:
/// F1_SCORE &lt; 0.7 in 2025-02-09..2025-02-16.
/// </summary>
public sealed record AlertRule
{
    /// <summary>Creates a rule, validating the metric name and threshold.</summary>
    public AlertRule(string metric, string? column, Comparator comparator, double threshold, AlertTimeRange range)
    {
        if (!MetricNames.IsKnown(metric))
        {
            throw new ArgumentException($"Unknown metric '{metric}'; use one of {string.Join(", ", MetricNames.All)}.", nameof(metric));
        }

        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The alert threshold must be a finite number.");
        }

        Metric = metric;
        Column = string.IsNullOrWhiteSpace(column) ? null : column;
        Comparator = comparator;
        Threshold = threshold;
        Range = range ?? throw new ArgumentNullException(nameof(range));
    }

    /// <summary>A <see cref="MetricNames"/> value.</summary>
    public string Metric { get; }

    /// <summary>The column for drift and null-count metrics; <c>null</c> for model-level metrics.</summary>
    public string? Column { get; }

    /// <summary>How the value compares to the threshold.</summary>
    public Comparator Comparator { get; }

    /// <summary>The threshold.</summary>
    public double Threshold { get; }

    /// <summary>Which points are looked at.</summary>
    public AlertTimeRange Range { get; }

    /// <summary>"F1_SCORE &lt; 0.7" (with the column when there is one).</summary>
    public string Condition => Column is null
        ? $"{Metric} {Comparator.Symbol()} {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : $"{Metric}({Column}) {Comparator.Symbol()} {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
