using System.Collections.Concurrent;
using System.Globalization;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>
/// Computes a monitor's metrics: aggregation in SQL (<see cref="MonitorSql"/>), finishing in Core, results into
/// PORTAL_MONITOR_METRICS in one transaction. Incremental: a window is recomputed only when its row count or checksum
/// changed since the last refresh (or when the first window, the baseline, the source's columns or the drift columns changed,
/// or a full refresh is asked). Windows start on the data's own days (docs/metrics.md, "Windows").
/// </summary>
public sealed class MonitorRefresher(IWarehouse warehouse, MonitorStore monitors, MetricStore metrics, TimeProvider clock, IRegistryStore? registry = null)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Refreshes one monitor; refreshes of the same monitor run one after the other. A scheduled refresh, the one a scoring
    /// run starts and a user's "Refresh now" can meet, and two rewrites of the same windows conflict in DuckDB
    /// ("Conflict on tuple deletion").
    /// </summary>
    public async Task<RefreshResult> RefreshAsync(string name, bool full, IJobProgress? progress, CancellationToken ct)
    {
        var gate = _running.GetOrAdd(name.Trim(), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RefreshAloneAsync(name, full, progress, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RefreshResult> RefreshAloneAsync(string name, bool full, IJobProgress? progress, CancellationToken ct)
    {
        var info = await monitors.GetAsync(name, ct) ?? throw new Core.Common.PortalNotFoundException($"There is no monitor named {name}.");
        var spec = info.Spec;
        var source = await warehouse.DescribeTableAsync(spec.Source, ct);
        var baseline = await warehouse.DescribeTableAsync(spec.Baseline, ct);
        var plan = await MonitorPlanning.PlanAsync(warehouse, registry, spec, ct);
        var d = warehouse.Dialect;

        var starts = await WindowStartsAsync(spec, ct);
        var all = new MonitorSql(spec, d, starts, null);
        await Report(progress, 0.02, "Fingerprinting windows");

        var current = new Dictionary<DateTime, (long Rows, long Checksum)>();
        if (starts.Count > 0)
        {
            await foreach (var batch in warehouse.StreamAsync(all.Fingerprints(plan.AllSourceColumns), ct: ct))
            {
                foreach (var r in batch.Rows)
                    current[Convert.ToDateTime(r[0], CultureInfo.InvariantCulture)] = (Convert.ToInt64(r[1], CultureInfo.InvariantCulture), Convert.ToInt64(r[2], CultureInfo.InvariantCulture));
            }
        }

        var baseFp = await FirstRowAsync(all.BaselineFingerprint(baseline!.Columns.Select(c => c.Name)), ct);
        var context = string.Join('|', "aligned:" + (starts.Count > 0 ? starts[0].ToString("O", CultureInfo.InvariantCulture) : "none"), spec.AggregationWindowDays, baseFp[0], baseFp[1],
            string.Join(',', source!.Columns.Select(c => c.Name + ":" + c.NativeType)), "drift:" + string.Join(',', plan.Drift.Select(c => c.Name)));
        full |= await monitors.RefreshContextAsync(name, ct) != context;

        var stored = full ? [] : await metrics.FingerprintsAsync(name, ct);
        var changed = current.Where(kv => !stored.TryGetValue(kv.Key, out var s) || s != kv.Value).Select(kv => kv.Key).OrderBy(w => w).ToList();
        var removed = stored.Keys.Where(w => !current.ContainsKey(w)).ToList();
        if (!full && changed.Count == 0 && removed.Count == 0)
        {
            var same = new RefreshResult(current.Count, 0, 0, 0, false);
            await monitors.RecordRefreshAsync(name, clock.GetUtcNow().UtcDateTime, same.Message, ct);
            return same;
        }

        var sql = new MonitorSql(spec, d, starts, full ? null : changed);
        var rows = new List<(DateTime, string, string, MetricValue)>();
        var computer = new WindowMetricComputer(warehouse, plan, sql, source);
        await computer.LoadBaselineAsync(ct);
        var groupings = new List<string?> { null };
        groupings.AddRange(spec.SegmentColumns);
        for (var i = 0; i < groupings.Count; i++)
        {
            await Report(progress, 0.05 + (0.85 * i / groupings.Count), groupings[i] is { } g ? $"Segment {g}" : "Whole source");
            await computer.ComputeAsync(groupings[i], rows, ct);
        }

        await Report(progress, 0.92, $"Writing {rows.Count} metric rows");
        var fingerprints = full ? current : changed.ToDictionary(w => w, w => current[w]);
        await metrics.ReplaceAsync(name, full, [.. changed, .. removed], rows, fingerprints, context, ct);
        var result = new RefreshResult(current.Count, full ? current.Count : changed.Count, removed.Count, rows.Count, full);
        await monitors.RecordRefreshAsync(name, clock.GetUtcNow().UtcDateTime, result.Message, ct);
        return result;
    }

    /// <summary>
    /// Every metric of the monitor recomputed from the source over windows of <paramref name="days"/> days (a coarser
    /// granularity than the stored one), without storing anything: exact for every metric, drift included.
    /// </summary>
    public async Task<IReadOnlyList<MonitorMetric>> ComputeAtGranularityAsync(MonitorSpec stored, int days, string? segmentColumn, CancellationToken ct)
    {
        var spec = stored with { AggregationWindowDays = days };
        var source = await warehouse.DescribeTableAsync(spec.Source, ct);
        var plan = await MonitorPlanning.PlanAsync(warehouse, registry, spec, ct);
        var starts = await WindowStartsAsync(spec, ct);
        if (starts.Count == 0) return [];
        var computer = new WindowMetricComputer(warehouse, plan, new MonitorSql(spec, warehouse.Dialect, starts, null), source!);
        await computer.LoadBaselineAsync(ct);
        var rows = new List<(DateTime, string, string, MetricValue)>();
        await computer.ComputeAsync(segmentColumn, rows, ct);
        return rows.Select(r => new MonitorMetric(r.Item1, r.Item2.Length == 0 ? null : r.Item2, r.Item2.Length == 0 ? null : r.Item3,
            r.Item4.Metric, r.Item4.Column, r.Item4.Value, r.Item4.CountUsed)).ToList();
    }

    /// <summary>The monitor's windows, aligned to the days its source holds (docs/metrics.md, "Windows").</summary>
    public async Task<IReadOnlyList<DateTime>> WindowStartsAsync(MonitorSpec spec, CancellationToken ct)
    {
        var days = new List<DateTime>();
        await foreach (var batch in warehouse.StreamAsync(MonitorSql.DataDays(spec, warehouse.Dialect), ct: ct))
            days.AddRange(batch.Rows.Select(r => Convert.ToDateTime(r[0], CultureInfo.InvariantCulture)));
        return AggregationWindows.DataAligned(days, spec.AggregationWindowDays);
    }

    private async Task<object?[]> FirstRowAsync(string sql, CancellationToken ct)
    {
        await foreach (var batch in warehouse.StreamAsync(sql, ct: ct))
        {
            if (batch.Rows.Count > 0)
                return batch.Rows[0];
        }

        throw new InvalidOperationException("The query returned no row: " + sql);
    }

    private static async ValueTask Report(IJobProgress? progress, double fraction, string message)
    {
        if (progress is not null)
            await progress.ReportAsync(fraction, message);
    }
}
