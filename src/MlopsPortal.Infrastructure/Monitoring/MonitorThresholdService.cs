using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>
/// Drift thresholds of a monitor (PORTAL_MONITOR_THRESHOLDS): per metric, optionally per drift column, over the defaults.
/// Viewer reads; DataScientist sets and removes.
/// </summary>
public sealed class MonitorThresholdService(IWarehouse warehouse, MonitorService monitors, ICurrentUser currentUser)
{
    public async Task<DriftThresholdSet> GetAsync(string monitor, CancellationToken ct = default)
    {
        var info = await monitors.GetAsync(monitor, ct);
        var rows = await warehouse.QueryAsync<Row>(
            "SELECT METRIC, COLUMN_NAME, VALUE FROM PORTAL_MONITOR_THRESHOLDS WHERE MONITOR = $monitor ORDER BY METRIC, COLUMN_NAME",
            new { monitor = info.Name }, ct);
        return new DriftThresholdSet(rows.Select(r => r.ToThreshold()).ToList());
    }

    /// <summary>
    /// The thresholds of every monitor in one query, by monitor name; a monitor with none set is absent (defaults apply).
    /// For the overview, whose caller has already checked that the user may see monitors.
    /// </summary>
    internal async Task<IReadOnlyDictionary<string, DriftThresholdSet>> AllAsync(CancellationToken ct = default)
    {
        var rows = await warehouse.QueryAsync<Row>(
            "SELECT MONITOR, METRIC, COLUMN_NAME, VALUE FROM PORTAL_MONITOR_THRESHOLDS ORDER BY MONITOR, METRIC, COLUMN_NAME", ct: ct);
        return rows.GroupBy(r => r.MONITOR, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new DriftThresholdSet(g.Select(r => r.ToThreshold()).ToList()), StringComparer.Ordinal);
    }

    /// <summary>Sets (or with <paramref name="value"/> null removes) a threshold; the metric and column are checked first.</summary>
    public async Task<DriftThresholdSet> SetAsync(string monitor, string metric, string? column, double? value, CancellationToken ct = default)
    {
        var by = await currentUser.RequireAsync(Role.DataScientist, "set drift thresholds");
        var info = await monitors.GetAsync(monitor, ct);
        metric = metric.Trim().ToUpperInvariant();
        if (value is { } v && DriftThresholdSet.Validate(metric, v) is { } error)
            throw new PortalValidationException(error);
        column = string.IsNullOrWhiteSpace(column) ? null : column.Trim();
        if (column is not null)
        {
            var plan = await monitors.PlanAsync(info.Spec, ct);
            column = plan.Drift.FirstOrDefault(d => string.Equals(d.Name, column, StringComparison.OrdinalIgnoreCase))?.Name
                ?? throw new PortalValidationException($"{column} is not a drift column of monitor {info.Name}; its drift columns are {string.Join(", ", plan.Drift.Select(d => d.Name))}.");
        }

        await warehouse.InTransactionAsync(async s =>
        {
            var key = new { monitor = info.Name, metric, column = column ?? "" };
            await s.ExecuteAsync("DELETE FROM PORTAL_MONITOR_THRESHOLDS WHERE MONITOR = $monitor AND METRIC = $metric AND COLUMN_NAME = $column", key, ct);
            if (value is { } set)
                await s.ExecuteAsync(
                    "INSERT INTO PORTAL_MONITOR_THRESHOLDS (MONITOR, METRIC, COLUMN_NAME, VALUE, SET_BY, SET_AT) VALUES ($monitor, $metric, $column, $value, $by, $at)",
                    new { key.monitor, key.metric, key.column, value = set, by = by.UserName, at = DateTime.UtcNow }, ct);
            return true;
        }, ct);
        return await GetAsync(info.Name, ct);
    }

    private sealed class Row
    {
        public string MONITOR { get; set; } = "";
        public string METRIC { get; set; } = "";
        public string COLUMN_NAME { get; set; } = "";
        public double VALUE { get; set; }

        // '' in COLUMN_NAME is the monitor-wide threshold (the column is part of the key, so never NULL).
        public DriftThreshold ToThreshold() => new(METRIC, COLUMN_NAME.Length == 0 ? null : COLUMN_NAME, VALUE);
    }
}
