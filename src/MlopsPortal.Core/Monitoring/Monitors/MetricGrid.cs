namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>
/// Stored metrics of one monitor (one segment) arranged for charts: the window starts in order and, per (metric, column),
/// the values aligned to them (null where a window has no value).
/// </summary>
public sealed class MetricGrid
{
    private readonly Dictionary<(string Metric, string Column), double?[]> series = [];
    private readonly Dictionary<(string Metric, string Column), long[]> counts = [];

    public MetricGrid(IEnumerable<MonitorMetric> metrics, DateTime? from = null, DateTime? to = null)
    {
        var list = metrics.Where(m => (from is null || m.WindowStart >= from) && (to is null || m.WindowStart <= to)).ToList();
        Windows = list.Select(m => m.WindowStart).Distinct().Order().ToList();
        var index = Windows.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i);
        foreach (var m in list)
        {
            var key = (m.Metric, m.Column ?? "");
            if (!series.TryGetValue(key, out var values))
            {
                series[key] = values = new double?[Windows.Count];
                counts[key] = new long[Windows.Count];
            }

            values[index[m.WindowStart]] = m.Value;
            counts[key][index[m.WindowStart]] = m.CountUsed;
        }

        DriftColumns = series.Keys.Where(k => k.Metric == MetricNames.JensenShannon).Select(k => k.Column).Order(StringComparer.Ordinal).ToList();
        NumericColumns = series.Keys.Where(k => k.Metric == MetricNames.Wasserstein).Select(k => k.Column).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<DateTime> Windows { get; }

    /// <summary>Columns with drift values (numeric and categorical).</summary>
    public IReadOnlyList<string> DriftColumns { get; }

    /// <summary>Columns with numeric drift (they have WASSERSTEIN).</summary>
    public IReadOnlyList<string> NumericColumns { get; }

    public double?[] Values(string metric, string? column = null) =>
        series.TryGetValue((metric, column ?? ""), out var v) ? v : new double?[Windows.Count];

    public long[] CountsUsed(string metric, string? column = null) =>
        counts.TryGetValue((metric, column ?? ""), out var v) ? v : new long[Windows.Count];

    /// <summary>The last window's value of a metric (null when none).</summary>
    public double? Latest(string metric, string? column = null) => Windows.Count == 0 ? null : Values(metric, column)[^1];

    /// <summary>The drift column with the largest <paramref name="metric"/> in the last window.</summary>
    public (string Column, double Value)? WorstDrift(string metric = MetricNames.JensenShannon) =>
        DriftColumns.Select(c => (c, Latest(metric, c))).Where(x => x.Item2 is not null).Select(x => (x.c, x.Item2!.Value))
            .OrderByDescending(x => x.Value).Cast<(string, double)?>().FirstOrDefault();
}
