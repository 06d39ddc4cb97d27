using System.Globalization;
using System.Text.Json;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests.Monitoring;

/// <summary>The whole SQL path (DuckDB aggregation + Core finishing + metric table) against the sklearn/SciPy goldens.</summary>
public sealed class MonitorRefreshGoldenTests : IDisposable
{
    private const double Ratio = 1e-9;
    private const double Other = 1e-6;
    private readonly MonitoringFixture fx = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fx.Dispose();

    [Fact]
    public async Task Lab_refresh_stores_metrics_equal_to_the_goldens()
    {
        await fx.LoadLabAsync(Ct);
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), replace: false, Ct);

        var result = await fx.Refresher.RefreshAsync("MORTGAGE_MODEL_MONITOR", full: false, null, Ct);
        Assert.True(result.Full);

        var stored = await fx.Metrics.QueryAsync("MORTGAGE_MODEL_MONITOR", ct: Ct);
        var byKey = stored.ToDictionary(m => (m.WindowStart, m.Metric, m.Column));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Monitoring", "Goldens", MlopsPortal.TestKit.LabFiles.Golden("goldens_lab.json"))));
        var windows = doc.RootElement.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(windows.Count, result.WindowsTotal);
        Assert.Equal(windows.Count, stored.Select(m => m.WindowStart).Distinct().Count());

        foreach (var w in windows)
        {
            // make_goldens.py's windows are anchored at the earliest day (2024-12-20, 12-27, 01-03 …); the portal's start on
            // the data's own days (docs/metrics.md, "Windows"). Each golden window holds one week of the lab's data, so it is
            // the portal's window starting on that week's first day: same rows (the counts below check it), its own label.
            var goldenStart = DateTime.ParseExact(w.GetProperty("start").GetString()!, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            var start = await fx.Warehouse.ScalarAsync<DateTime>(
                $"SELECT CAST(MIN(date_trunc('day', WEEK_START_DATE)) AS TIMESTAMP) FROM {MonitoringFixture.Source} WHERE WEEK_START_DATE >= $g AND WEEK_START_DATE < $e",
                new { g = goldenStart, e = goldenStart.AddDays(7) }, Ct);
            Assert.Equal(w.GetProperty("rows").GetInt64(), await fx.Warehouse.ScalarAsync<long>(
                $"SELECT COUNT(*)::BIGINT FROM {MonitoringFixture.Source} WHERE WEEK_START_DATE >= $start AND WEEK_START_DATE < $e", new { start, e = start.AddDays(7) }, Ct));
            double? Get(string metric, string? column = null) => byKey.TryGetValue((start, metric, column), out var m) ? m.Value : null;
            var at = $"{start:yyyy-MM-dd}";
            Near(w, "count", Get(MetricNames.Count), Ratio, at);
            Near(w, "actualsCount", Get(MetricNames.ActualsCount), Ratio, at);
            Near(w, "accuracy", Get(MetricNames.ClassificationAccuracy), Ratio, at);
            Near(w, "precision", Get(MetricNames.Precision), Ratio, at);
            Near(w, "recall", Get(MetricNames.Recall), Ratio, at);
            Near(w, "f1", Get(MetricNames.F1Score), Ratio, at);
            Near(w, "positiveRate", Get(MetricNames.PositiveRate), Ratio, at);
            Near(w, "rocAuc", Get(MetricNames.RocAuc), Ratio, at);
            Near(w, "logLoss", Get(MetricNames.LogLoss), Other, at);
            foreach (var c in w.GetProperty("numeric").EnumerateObject())
            {
                var g = c.Value;
                var what = $"{at} {c.Name}";
                Near(g, "js", Get(MetricNames.JensenShannon, c.Name), Other, what);
                Near(g, "hellinger", Get(MetricNames.Hellinger, c.Name), Other, what);
                Near(g, "psi", Get(MetricNames.PopulationStabilityIndex, c.Name), Other, what);
                Near(g, "wasserstein", Get(MetricNames.Wasserstein, c.Name), Other, what);
                Near(g, "diffMeans", Get(MetricNames.DifferenceOfMeans, c.Name), Other, what);
                Near(g, "countNull", Get(MetricNames.CountNull, c.Name), Ratio, what);
            }

            foreach (var c in w.GetProperty("categorical").EnumerateObject())
            {
                var what = $"{at} {c.Name}";
                Near(c.Value, "js", Get(MetricNames.JensenShannon, c.Name), Other, what);
                Near(c.Value, "hellinger", Get(MetricNames.Hellinger, c.Name), Other, what);
                Near(c.Value, "psi", Get(MetricNames.PopulationStabilityIndex, c.Name), Other, what);
                Near(c.Value, "countNull", Get(MetricNames.CountNull, c.Name), Ratio, what);
            }
        }
    }

    private static void Near(JsonElement golden, string property, double? actual, double tolerance, string what)
    {
        var e = golden.GetProperty(property);
        if (e.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null, $"{what} {property}: expected empty, got {actual}");
            return;
        }

        var expected = e.GetDouble();
        Assert.True(actual is { } a && Math.Abs(a - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what} {property}: expected {expected:R}, got {actual}");
    }
}
