namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Finished performance metrics of one window; <c>null</c> means "empty" (not computable). The confusion ratios are
/// scikit-learn's with zero_division=0 (e.g. PRECISION = 0 when nothing is predicted positive), but when the window has
/// no row with both a predicted and an actual class (actuals not arrived yet) they are all empty rather than 0, so that
/// a window without actuals does not look like an F1 collapse to an alert.
/// </summary>
/// <param name="EvaluatedCount">Rows with a predicted and an actual class (the confusion total): used by the ratios.</param>
/// <param name="ScoredCount">Rows with a score and an actual class (Σ of the score groups): used by ROC_AUC.</param>
/// <param name="LogLossCount">Rows of the log-loss sum.</param>
public sealed record PerformanceMetrics(
    long Count,
    long ActualsCount,
    double? Accuracy,
    double? Precision,
    double? Recall,
    double? F1Score,
    double? PositiveRate,
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
            c.Total > 0 ? c.Accuracy : null,
            c.Total > 0 ? c.Precision : null,
            c.Total > 0 ? c.Recall : null,
            c.Total > 0 ? c.F1Score : null,
            c.Total > 0 ? c.PositiveRate : null,
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
