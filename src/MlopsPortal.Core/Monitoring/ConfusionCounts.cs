namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Confusion counts of one window over the rows that have both a predicted class and an actual class,
/// positive class = 1. This is what one SQL <c>GROUP BY window</c> returns:
/// <code>
/// SUM(CASE WHEN pred = 1 AND actual = 1 THEN 1 ELSE 0 END)::BIGINT AS tp,
/// SUM(CASE WHEN pred = 1 AND actual = 0 THEN 1 ELSE 0 END)::BIGINT AS fp,
/// SUM(CASE WHEN pred = 0 AND actual = 0 THEN 1 ELSE 0 END)::BIGINT AS tn,
/// SUM(CASE WHEN pred = 0 AND actual = 1 THEN 1 ELSE 0 END)::BIGINT AS fn
/// </code>
/// Ratios follow scikit-learn with <c>zero_division=0</c>: an undefined ratio is 0.
/// </summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>Rows counted (TP + FP + TN + FN).</summary>
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Rows whose actual class is 1.</summary>
    public long ActualPositives => TruePositives + FalseNegatives;

    /// <summary>Rows whose predicted class is 1.</summary>
    public long PredictedPositives => TruePositives + FalsePositives;

    /// <summary>CLASSIFICATION_ACCURACY = (TP + TN) / total; 0 for an empty window (sklearn <c>accuracy_score</c>).</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>PRECISION = TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    public double Precision => Ratio(TruePositives, PredictedPositives);

    /// <summary>RECALL = TP / (TP + FN); 0 when no actual positive.</summary>
    public double Recall => Ratio(TruePositives, ActualPositives);

    /// <summary>F1_SCORE = 2·TP / (2·TP + FP + FN); 0 when the denominator is 0 (sklearn zero_division=0).</summary>
    public double F1Score => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>POSITIVE_RATE = (TP + FP) / total: the share of predicted positives among the counted rows; 0 when empty.</summary>
    public double PositiveRate => Ratio(PredictedPositives, Total);

    /// <summary>Sums two windows' counts (e.g. segments into the window, or windows into an ALL granularity).</summary>
    public static ConfusionCounts operator +(ConfusionCounts a, ConfusionCounts b) => new(
        a.TruePositives + b.TruePositives,
        a.FalsePositives + b.FalsePositives,
        a.TrueNegatives + b.TrueNegatives,
        a.FalseNegatives + b.FalseNegatives);

    /// <summary>Adds one row; for tests and for callers that stream rows instead of aggregating in SQL.</summary>
    public ConfusionCounts Add(int actual, int predicted) => (actual, predicted) switch
    {
        (1, 1) => this with { TruePositives = TruePositives + 1 },
        (0, 1) => this with { FalsePositives = FalsePositives + 1 },
        (0, 0) => this with { TrueNegatives = TrueNegatives + 1 },
        (1, 0) => this with { FalseNegatives = FalseNegatives + 1 },
        _ => throw new ArgumentOutOfRangeException(
            nameof(actual), $"Classes must be 0 or 1; got actual={actual}, predicted={predicted}."),
    };

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? 0.0 : (double)numerator / denominator;
}
