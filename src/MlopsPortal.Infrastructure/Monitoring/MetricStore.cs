using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Monitoring.Monitors.MonitoringMigrations;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>Reads and replaces the stored metrics and window fingerprints of monitors.</summary>
public sealed class MetricStore(IWarehouse warehouse)
{
    private string T(string table) => warehouse.Dialect.QuoteOwn(table);

    /// <summary>Stored metrics of a monitor; null filters mean any. Segment: both null = the whole source.</summary>
    public async Task<IReadOnlyList<MonitorMetric>> QueryAsync(
        string monitor, string? metric = null, string? column = null, DateTime? start = null, DateTime? end = null,
        string? segmentColumn = null, string? segmentValue = null, bool allSegments = false, CancellationToken ct = default)
    {
        var where = new List<string> { "MONITOR = $monitor" };
        if (metric is not null) where.Add("METRIC = $metric");
        if (column is not null) where.Add("COLUMN_NAME = $column");
        if (start is not null) where.Add("WINDOW_START >= $start");
        if (end is not null) where.Add("WINDOW_START <= $end");
        if (!allSegments)
        {
            where.Add("SEGMENT_COLUMN = $segmentColumn");
            where.Add("SEGMENT_VALUE = $segmentValue");
        }

        var rows = await warehouse.QueryAsync<Row>(
            $"SELECT * FROM {T(MetricsTable)} WHERE {string.Join(" AND ", where)} ORDER BY WINDOW_START, SEGMENT_COLUMN, SEGMENT_VALUE, METRIC, COLUMN_NAME",
            new { monitor, metric, column, start, end, segmentColumn = segmentColumn ?? "", segmentValue = segmentValue ?? "" },
            ct);
        return rows.Select(r => new MonitorMetric(r.WINDOW_START, Null(r.SEGMENT_COLUMN), Null(r.SEGMENT_VALUE), r.METRIC, Null(r.COLUMN_NAME), r.VALUE, r.COUNT_USED)).ToList();
    }

    /// <summary>The distinct segment values stored per segment column.</summary>
    public async Task<IReadOnlyList<(string Column, string Value)>> SegmentsAsync(string monitor, CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<Row>(
            $"SELECT DISTINCT SEGMENT_COLUMN, SEGMENT_VALUE FROM {T(MetricsTable)} WHERE MONITOR = $monitor AND SEGMENT_COLUMN <> '' ORDER BY 1, 2", new { monitor }, ct);
        return rows.Select(r => (r.SEGMENT_COLUMN, r.SEGMENT_VALUE)).ToList();
    }

    public async Task<Dictionary<DateTime, (long Rows, long Checksum)>> FingerprintsAsync(string monitor, CancellationToken ct) =>
        (await warehouse.QueryAsync<WindowRow>($"SELECT WINDOW_START, ROW_COUNT, CHECKSUM FROM {T(WindowsTable)} WHERE MONITOR = $monitor", new { monitor }, ct))
            .ToDictionary(w => w.WINDOW_START, w => (w.ROW_COUNT, w.CHECKSUM));

    /// <summary>
    /// In one transaction: removes the metrics and fingerprints of <paramref name="replacedWindows"/> (or of every window when
    /// <paramref name="all"/>), writes the new metrics and fingerprints, and records the refresh context.
    /// </summary>
    public async Task ReplaceAsync(
        string monitor, bool all, IReadOnlyCollection<DateTime> replacedWindows, IReadOnlyList<(DateTime Start, string SegCol, string SegVal, Core.Monitoring.MetricValue Value)> metrics,
        IReadOnlyDictionary<DateTime, (long Rows, long Checksum)> fingerprints, string context, CancellationToken ct)
    {
        await warehouse.InTransactionAsync(async s =>
        {
            if (all)
            {
                await s.ExecuteAsync($"DELETE FROM {T(MetricsTable)} WHERE MONITOR = $monitor", new { monitor }, ct);
                await s.ExecuteAsync($"DELETE FROM {T(WindowsTable)} WHERE MONITOR = $monitor", new { monitor }, ct);
            }
            else
            {
                foreach (var w in replacedWindows)
                {
                    await s.ExecuteAsync($"DELETE FROM {T(MetricsTable)} WHERE MONITOR = $monitor AND WINDOW_START = $w", new { monitor, w }, ct);
                    await s.ExecuteAsync($"DELETE FROM {T(WindowsTable)} WHERE MONITOR = $monitor AND WINDOW_START = $w", new { monitor, w }, ct);
                }
            }

            await s.BulkAppendAsync(MetricsTable, metrics.Select(m => new object?[]
            {
                monitor, m.Start, m.SegCol, m.SegVal, m.Value.Metric, m.Value.Column ?? "",
                m.Value.Value is { } v && double.IsFinite(v) ? v : null, m.Value.CountUsed,
            }), ct);
            await s.BulkAppendAsync(WindowsTable, fingerprints.Select(f => new object?[] { monitor, f.Key, f.Value.Rows, f.Value.Checksum }), ct);
            await s.ExecuteAsync($"UPDATE {T(MonitorsTable)} SET REFRESH_CONTEXT = $context WHERE NAME = $monitor", new { monitor, context }, ct);
            return 0;
        }, ct);
    }

    private static string? Null(string s) => s.Length == 0 ? null : s;

#pragma warning disable IDE1006, CA1707 // column names
    private sealed class Row
    {
        public DateTime WINDOW_START { get; set; }
        public string SEGMENT_COLUMN { get; set; } = "";
        public string SEGMENT_VALUE { get; set; } = "";
        public string METRIC { get; set; } = "";
        public string COLUMN_NAME { get; set; } = "";
        public double? VALUE { get; set; }
        public long COUNT_USED { get; set; }
    }

    private sealed class WindowRow
    {
        public DateTime WINDOW_START { get; set; }
        public long ROW_COUNT { get; set; }
        public long CHECKSUM { get; set; }
    }
#pragma warning restore IDE1006, CA1707
}
