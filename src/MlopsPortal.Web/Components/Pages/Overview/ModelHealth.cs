using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Infrastructure.Scoring;

namespace MlopsPortal.Web.Components.Pages.Overview;

/// <summary>One PRODUCTION model as a manager sees it on the Overview.</summary>
public sealed record ModelHealth(
    string Model, string Version, ScoringRun? LastScoring, string? Monitor,
    double? F1, double? F1Before, double? RocAuc, double? RocAucBefore,
    string? WorstFeature, double? WorstDrift, bool Drifting, IReadOnlyList<string> OpenAlerts);

/// <summary>Puts together, per model with a PRODUCTION version, what the registry, scoring, monitors and alerts know.</summary>
public sealed class ModelHealthReader(RegistryService registry, ScoringService scoring, MonitorDashboardService dashboard, AlertService alerts)
{
    public async Task<IReadOnlyList<ModelHealth>> ReadAsync(CancellationToken ct = default)
    {
        var models = (await registry.ListModelsAsync(ct: ct)).Where(m => m.Aliases.ContainsKey("PRODUCTION")).ToList();
        if (models.Count == 0) return [];
        var runs = await scoring.ListAsync(200, ct);
        var monitors = await dashboard.OverviewAsync(ct);
        var alertList = await alerts.ListAsync(ct);
        var result = new List<ModelHealth>();
        foreach (var m in models)
        {
            var version = m.Aliases["PRODUCTION"];
            var last = runs.Where(r => string.Equals(r.Spec.Model, m.Name, StringComparison.OrdinalIgnoreCase)).MaxBy(r => r.CreatedAt);
            var monitor = monitors.Where(o => string.Equals(o.Monitor.Spec.Model, m.Name, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(o => string.Equals(o.Monitor.Spec.Version, version, StringComparison.OrdinalIgnoreCase))
                .ThenByDescending(o => o.LatestWindow).FirstOrDefault();
            double? f1Before = null, aucBefore = null;
            var open = new List<string>();
            if (monitor is not null)
            {
                var grid = await dashboard.GridAsync(monitor.Monitor.Name, null, null, null, null, ct);
                f1Before = Previous(grid.Values(MetricNames.F1Score));
                aucBefore = Previous(grid.Values(MetricNames.RocAuc));
                foreach (var a in alertList.Where(a => a.Spec.Monitor == monitor.Monitor.Name && a.State == AlertState.Started))
                    if (await alerts.HistoryAsync(a.Name, 1, ct) is [{ Fired: true }, ..])
                        open.Add(a.Name);
            }

            result.Add(new ModelHealth(m.Name, version, last, monitor?.Monitor.Name, monitor?.F1, f1Before, monitor?.RocAuc, aucBefore,
                monitor?.WorstFeature, monitor?.WorstDrift, monitor?.Trouble == true && monitor.TroubleReason.Contains("drifting", StringComparison.Ordinal), open));
        }

        return result;
    }

    /// <summary>The value of the window before the latest one that has a value.</summary>
    private static double? Previous(double?[] values)
    {
        var known = values.Where(v => v is { } x && double.IsFinite(x)).ToList();
        return known.Count >= 2 ? known[^2] : null;
    }
}
