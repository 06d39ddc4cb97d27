namespace MlopsPortal.Core.Monitoring;

/// <summary>The metric names of docs/metrics.md; stored and served exactly as spelled here.</summary>
public static class MetricNames
{
    public const string Count = "COUNT";
    public const string ActualsCount = "ACTUALS_COUNT";
    public const string ClassificationAccuracy = "CLASSIFICATION_ACCURACY";
    public const string Precision = "PRECISION";
    public const string Recall = "RECALL";
    public const string F1Score = "F1_SCORE";
    public const string RocAuc = "ROC_AUC";
    public const string LogLoss = "LOG_LOSS";
    public const string PositiveRate = "POSITIVE_RATE";
    public const string JensenShannon = "JENSEN_SHANNON";
    public const string Hellinger = "HELLINGER";
    public const string PopulationStabilityIndex = "POPULATION_STABILITY_INDEX";
    public const string Wasserstein = "WASSERSTEIN";
    public const string DifferenceOfMeans = "DIFFERENCE_OF_MEANS";
    public const string CountNull = "COUNT_NULL";

    /// <summary>Per-window performance and count metrics (MODEL_MONITOR_PERFORMANCE_METRIC / STAT_METRIC).</summary>
    public static IReadOnlyList<string> Performance { get; } =
    [
        Count, ActualsCount, ClassificationAccuracy, Precision, Recall, F1Score, RocAuc, LogLoss, PositiveRate,
    ];

    /// <summary>Drift metrics for a numeric column (MODEL_MONITOR_DRIFT_METRIC).</summary>
    public static IReadOnlyList<string> NumericDrift { get; } =
        [JensenShannon, Hellinger, PopulationStabilityIndex, Wasserstein, DifferenceOfMeans];

    /// <summary>Drift metrics for a categorical column.</summary>
    public static IReadOnlyList<string> CategoricalDrift { get; } = [JensenShannon, Hellinger, PopulationStabilityIndex];

    /// <summary>Every metric name, for validation of API and alert input.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Count, ActualsCount, ClassificationAccuracy, Precision, Recall, F1Score, RocAuc, LogLoss, PositiveRate,
        JensenShannon, Hellinger, PopulationStabilityIndex, Wasserstein, DifferenceOfMeans, CountNull,
    ];

    /// <summary>True when <paramref name="name"/> is one of <see cref="All"/> (case-sensitive, upper case).</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
