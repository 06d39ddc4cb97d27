namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// The SQL aggregates of one window for the performance metrics. See <see cref="PerformanceMetrics.Compute"/>.
/// </summary>
/// <param name="Count">COUNT: rows of the window with a non-null predicted class.</param>
/// <param name="ActualsCount">ACTUALS_COUNT: rows of the window with a non-null actual class.</param>
/// <param name="Confusion">Confusion counts over rows with both a predicted and an actual class.</param>
/// <param name="LogLossSum">Sum of <see cref="LogLoss.Term"/> over rows with both a score and an actual class; null when no score column.</param>
/// <param name="LogLossCount">Rows that entered <paramref name="LogLossSum"/>.</param>
public readonly record struct PerformanceWindow(
    long Count,
    long ActualsCount,
    ConfusionCounts Confusion,
    double? LogLossSum = null,
    long LogLossCount = 0);

/// <summary>Finished performance metrics of one window; <c>null</c> means "empty" (not computable).</summary>
public sealed record PerformanceMetrics(
    long Count,
    long ActualsCount,
    double Accuracy,
    double Precision,
    double Recall,
    double F1Score,
    double PositiveRate,
    double? RocAuc,
    double? LogLoss)
{
    /// <summary>
    /// Finishes the metrics from the window's aggregates: O(k) in the number of distinct scores
    /// (O(k log k) when <paramref name="scoreGroups"/> is not sorted), no allocation on the sorted path.
    /// </summary>
    public static PerformanceMetrics Compute(in PerformanceWindow window, ReadOnlySpan<ScoreGroup> scoreGroups)
    {
        var c = window.Confusion;
        return new PerformanceMetrics(
            window.Count,
            window.ActualsCount,
            c.Accuracy,
            c.Precision,
            c.Recall,
            c.F1Score,
            c.PositiveRate,
            Monitoring.RocAuc.FromScoreGroups(scoreGroups),
            window.LogLossSum is { } sum ? Monitoring.LogLoss.FromSum(sum, window.LogLossCount) : null);
    }

    /// <summary>The values keyed by their <see cref="MetricNames"/> (in <see cref="MetricNames.Performance"/> order).</summary>
    public IEnumerable<KeyValuePair<string, double?>> ByName()
    {
        yield return new(MetricNames.Count, Count);
        yield return new(MetricNames.ActualsCount, ActualsCount);
        yield return new(MetricNames.ClassificationAccuracy, Accuracy);
        yield return new(MetricNames.Precision, Precision);
        yield return new(MetricNames.Recall, Recall);
        yield return new(MetricNames.F1Score, F1Score);
        yield return new(MetricNames.RocAuc, RocAuc);
        yield return new(MetricNames.LogLoss, LogLoss);
        yield return new(MetricNames.PositiveRate, PositiveRate);
    }
}
