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
