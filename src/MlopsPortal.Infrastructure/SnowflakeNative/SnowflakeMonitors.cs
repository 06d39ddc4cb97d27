using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>A native model monitor, from SHOW MODEL MONITORS (source, baseline and model are JSON text there).</summary>
public sealed record NativeMonitorInfo(
    string Name,
    string? Database,
    string? Schema,
    string? Warehouse,
    string? RefreshInterval,
    string? AggregationWindow,
    string? State,
    string? Model,
    string? Source,
    string? Baseline,
    string? Comment,
    DateTime? CreatedOn);

/// <summary>One metric point of a native monitor, in the portal's metric shape so the same dashboards draw it.</summary>
public sealed record NativeMetricPoint(DateTime EventTimestamp, MetricValue Value);

/// <summary>Snowflake's model monitors: create from a <see cref="MonitorSpec"/>, list, suspend/resume/drop, read metrics.</summary>
public sealed class SnowflakeMonitors(IWarehouse warehouse)
{
    public async Task CreateAsync(MonitorSpec spec, bool orReplace = false, CancellationToken ct = default) =>
        await warehouse.ExecuteAsync(MonitorStatements.Create(spec, orReplace), ct: ct);

    public async Task<IReadOnlyList<NativeMonitorInfo>> ListAsync(string? schema = null, CancellationToken ct = default)
    {
        var rows = await ShowRow.ReadAsync(warehouse, MonitorStatements.Show(schema), ct);
        return rows.Select(r => new NativeMonitorInfo(
                r.Text("name") ?? "",
                r.Text("database_name"),
                r.Text("schema_name"),
                r.Text("warehouse_name"),
                r.Text("refresh_interval"),
                r.Text("aggregation_window"),
                r.Text("monitor_state"),
                r.Text("model"),
                r.Text("source"),
                r.Text("baseline"),
                r.Text("comment"),
                r.Time("created_on")))
            .ToList();
    }

    public Task SuspendAsync(string monitor, CancellationToken ct = default) => warehouse.ExecuteAsync(MonitorStatements.Suspend(monitor), ct: ct);

    public Task ResumeAsync(string monitor, CancellationToken ct = default) => warehouse.ExecuteAsync(MonitorStatements.Resume(monitor), ct: ct);

    public Task DropAsync(string monitor, CancellationToken ct = default) => warehouse.ExecuteAsync(MonitorStatements.Drop(monitor), ct: ct);

    /// <summary>One metric over a range; the column for drift and stat metrics. Count columns differ per function.</summary>
    public async Task<IReadOnlyList<NativeMetricPoint>> MetricsAsync(
        string monitor, string metric, string? column, int granularityDays, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        var rows = await ShowRow.ReadAsync(warehouse, MetricStatements.Select(monitor, metric, column, granularityDays, fromUtc, toUtc), ct);
        return rows
            .Where(r => r.Time("EVENT_TIMESTAMP") is not null)
            .Select(r => new NativeMetricPoint(
                r.Time("EVENT_TIMESTAMP")!.Value,
                new MetricValue(
                    r.Text("METRIC_NAME") ?? metric,
                    r.Text("COLUMN_NAME") ?? column,
                    r.Numeric("METRIC_VALUE"),
                    (long)(ShowRow.Number(r.RawAny("COUNT_USED", "COL_COUNT_USED")) ?? 0))))
            .ToList();
    }
}
