using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>One line of the Monitoring overview.</summary>
public sealed record MonitorOverview(
    MonitorInfo Monitor, DateTime? LatestWindow, double? F1, double? RocAuc, string? WorstFeature, double? WorstDrift, bool Trouble, string TroubleReason);

/// <summary>What the Monitoring pages read: the overview and the grids behind the dashboard charts.</summary>
public sealed class MonitorDashboardService(MonitorService monitors, MonitorThresholdService thresholds)
{
    public const double F1Floor = 0.7;

    public async Task<IReadOnlyList<MonitorOverview>> OverviewAsync(CancellationToken ct = default)
    {
        var result = new List<MonitorOverview>();
        var list = await monitors.ListAsync(ct);
        var allLimits = await thresholds.AllAsync(ct);
        foreach (var m in list)
        {
            var grid = new MetricGrid(await monitors.MetricsAsync(m.Name, null, null, null, null, null, ct: ct));
            var f1 = grid.Latest(MetricNames.F1Score);
            var worst = grid.WorstDrift();
            var reasons = new List<string>();
            if (f1 is { } f && f < F1Floor) reasons.Add($"F1 {f:0.###} < {F1Floor}");
            var limits = allLimits.GetValueOrDefault(m.Name) ?? DriftThresholdSet.Defaults;
            if (worst is { } w && limits.IsBreached(MetricNames.JensenShannon, w.Column, w.Value))
                reasons.Add($"{w.Column} drifting (JS {w.Value:0.###} ≥ {limits.For(MetricNames.JensenShannon, w.Column)})");
            if (grid.Windows.Count == 0) reasons.Add("not refreshed yet");
            result.Add(new MonitorOverview(m, grid.Windows.Count > 0 ? grid.Windows[^1] : null, f1, grid.Latest(MetricNames.RocAuc),
                worst?.Column, worst?.Value, reasons.Count > 0 && grid.Windows.Count > 0, string.Join("; ", reasons)));
        }

        return result;
    }

    /// <summary>The grid of one monitor, whole source or one segment value, optionally limited in time.</summary>
    public async Task<MetricGrid> GridAsync(string monitor, string? segmentColumn, string? segmentValue, DateTime? from, DateTime? to, CancellationToken ct = default) =>
        new(await monitors.MetricsAsync(monitor, null, null, null, null, null, segmentColumn, segmentValue, ct), from, to);
}
