using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>Which of Snowflake's three metric table functions serves a metric, and whether it needs a column.</summary>
public enum NativeMetricFamily
{
    Performance,
    Drift,
    Stat,
}

/// <summary>
/// Reads a native monitor's metrics through MODEL_MONITOR_PERFORMANCE_METRIC / DRIFT_METRIC / STAT_METRIC. The portal
/// also computes HELLINGER, LOG_LOSS, POSITIVE_RATE and ACTUALS_COUNT on the embedded warehouse; Snowflake does not
/// document them, so they are refused by name here rather than sent to fail.
/// </summary>
public static class MetricStatements
{
    private static readonly Dictionary<string, NativeMetricFamily> Families = new(StringComparer.Ordinal)
    {
        [MetricNames.RocAuc] = NativeMetricFamily.Performance,
        [MetricNames.ClassificationAccuracy] = NativeMetricFamily.Performance,
        [MetricNames.Precision] = NativeMetricFamily.Performance,
        [MetricNames.Recall] = NativeMetricFamily.Performance,
        [MetricNames.F1Score] = NativeMetricFamily.Performance,
        [MetricNames.JensenShannon] = NativeMetricFamily.Drift,
        [MetricNames.DifferenceOfMeans] = NativeMetricFamily.Drift,
        [MetricNames.Wasserstein] = NativeMetricFamily.Drift,
        [MetricNames.PopulationStabilityIndex] = NativeMetricFamily.Drift,
        [MetricNames.Count] = NativeMetricFamily.Stat,
        [MetricNames.CountNull] = NativeMetricFamily.Stat,
    };

    public static IReadOnlyCollection<string> Supported => Families.Keys;

    public static NativeMetricFamily FamilyOf(string metric) =>
        Families.TryGetValue(metric, out var family)
            ? family
            : throw new PortalValidationException(
                $"Snowflake's model monitors do not compute {metric}; use one of {string.Join(", ", Families.Keys)} (the embedded monitors compute the others).");

    /// <summary>
    /// The table-function call for one metric, e.g.
    /// <c>TABLE(MODEL_MONITOR_PERFORMANCE_METRIC('MON', 'F1_SCORE', '7 DAY', from, to))</c>; drift and stat metrics need
    /// a column. <paramref name="from"/> and <paramref name="to"/> are SQL expressions (see <see cref="NativeSql.Timestamp"/>).
    /// </summary>
    public static string TableFunction(string monitor, string metric, string? column, int granularityDays, string from, string to)
    {
        var family = FamilyOf(metric);
        if (granularityDays < 1)
            throw new PortalValidationException("The granularity is at least one day.");
        var args = new List<string> { NativeSql.Literal(MonitorName(monitor)), NativeSql.Literal(metric) };
        if (family == NativeMetricFamily.Performance)
        {
            if (!string.IsNullOrWhiteSpace(column))
                throw new PortalValidationException($"{metric} is a model-level metric; it takes no column.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(column))
                throw new PortalValidationException($"{metric} is measured per column; name the column.");
            args.Add(NativeSql.Literal(NativeSql.Bare(column, "column")));
        }
        args.Add(NativeSql.Literal($"{granularityDays} DAY"));
        args.Add(from);
        args.Add(to);
        var function = family switch
        {
            NativeMetricFamily.Performance => "MODEL_MONITOR_PERFORMANCE_METRIC",
            NativeMetricFamily.Drift => "MODEL_MONITOR_DRIFT_METRIC",
            _ => "MODEL_MONITOR_STAT_METRIC",
        };
        return $"TABLE({function}({string.Join(", ", args)}))";
    }

    /// <summary>SELECT * over one metric between two UTC instants, for the dashboards.</summary>
    public static string Select(string monitor, string metric, string? column, int granularityDays, DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc)
            throw new PortalValidationException("The metric range ends before it starts.");
        return $"SELECT * FROM {TableFunction(monitor, metric, column, granularityDays, NativeSql.Timestamp(fromUtc), NativeSql.Timestamp(toUtc))} ORDER BY EVENT_TIMESTAMP";
    }

    /// <summary>The monitor's name as the table functions take it: a string, DB.SCH.MON or MON (canonical upper case).</summary>
    public static string MonitorName(string monitor) => string.Join('.', NativeSql.Parts(monitor, "monitor"));
}
