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
/// <param name="EvaluatedCount">Rows with a predicted and an actual class (the confusion total): used by the ratios.</param>
/// <param name="ScoredCount">Rows with a score and an actual class (Σ of the score groups): used by ROC_AUC.</param>
/// <param name="LogLossCount">Rows of the log-loss sum.</param>
public sealed record PerformanceMetrics(
    long Count,
    long ActualsCount,
    double Accuracy,
    double Precision,
    double Recall,
    double F1Score,
    double PositiveRate,
    double? RocAuc,
    double? LogLoss,
    long EvaluatedCount,
    long ScoredCount,
    long LogLossCount)
{
    /// <summary>
    /// Finishes the metrics from the window's aggregates: O(k) in the number of distinct scores
    /// (O(k log k) when <paramref name="scoreGroups"/> is not sorted), no allocation on the sorted path.
    /// </summary>
    public static PerformanceMetrics Compute(in PerformanceWindow window, ReadOnlySpan<ScoreGroup> scoreGroups)
    {
        var c = window.Confusion;
        long scored = 0;
        foreach (var g in scoreGroups)
        {
            scored += g.Positives + g.Negatives;
        }

        return new PerformanceMetrics(
            window.Count,
            window.ActualsCount,
            c.Accuracy,
            c.Precision,
            c.Recall,
            c.F1Score,
            c.PositiveRate,
            Monitoring.RocAuc.FromScoreGroups(scoreGroups),
            window.LogLossSum is { } sum ? Monitoring.LogLoss.FromSum(sum, window.LogLossCount) : null,
            c.Total,
            scored,
            window.LogLossSum is null ? 0 : window.LogLossCount);
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

    /// <summary>
    /// The rows to store (metric, value, countUsed): COUNT and ACTUALS_COUNT count themselves, the confusion ratios use
    /// <see cref="EvaluatedCount"/>, ROC_AUC uses <see cref="ScoredCount"/>, LOG_LOSS the rows of its sum.
    /// </summary>
    public IEnumerable<MetricValue> ToMetricValues()
    {
        yield return new(MetricNames.Count, null, Count, Count);
        yield return new(MetricNames.ActualsCount, null, ActualsCount, ActualsCount);
        yield return new(MetricNames.ClassificationAccuracy, null, Accuracy, EvaluatedCount);
        yield return new(MetricNames.Precision, null, Precision, EvaluatedCount);
        yield return new(MetricNames.Recall, null, Recall, EvaluatedCount);
        yield return new(MetricNames.F1Score, null, F1Score, EvaluatedCount);
        yield return new(MetricNames.RocAuc, null, RocAuc, ScoredCount);
        yield return new(MetricNames.LogLoss, null, LogLoss, LogLossCount);
        yield return new(MetricNames.PositiveRate, null, PositiveRate, EvaluatedCount);
    }
}
