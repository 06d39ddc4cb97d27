using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Web.Components.Pages.Monitoring;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Monitoring;

public sealed class DashboardComponentTests : BunitContext
{
    public DashboardComponentTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static MetricGrid Grid()
    {
        var w1 = new DateTime(2025, 2, 7);
        var w2 = new DateTime(2025, 2, 14);
        return new MetricGrid(
        [
            new MonitorMetric(w1, null, null, MetricNames.JensenShannon, "INCOME", 0.05, 200),
            new MonitorMetric(w2, null, null, MetricNames.JensenShannon, "INCOME", 0.237, 200),
            new MonitorMetric(w1, null, null, MetricNames.JensenShannon, "COUNTY", 0.02, 200),
            new MonitorMetric(w2, null, null, MetricNames.JensenShannon, "COUNTY", null, 0),
            new MonitorMetric(w1, null, null, MetricNames.F1Score, null, 0.71, 200),
            new MonitorMetric(w2, null, null, MetricNames.F1Score, null, 0.64, 200),
        ]);
    }

    [Fact]
    public void The_drift_heatmap_has_a_row_per_feature_and_highlights_only_breaching_cells()
    {
        var heatmap = Render<DriftHeatmap>(p => p.Add(c => c.Grid, Grid()));

        var rows = heatmap.FindAll(".drift-heatmap tbody tr");
        Assert.Equal(["COUNTY", "INCOME"], rows.Select(r => r.QuerySelector("th")!.TextContent.Trim()));
        var breaches = heatmap.FindAll(".drift-heatmap td.breach");
        Assert.Equal("0.237", Assert.Single(breaches).TextContent.Trim());
        Assert.Contains("—", rows[0].TextContent); // COUNTY has no value in the second window
        Assert.Contains("Threshold 0.1", heatmap.Markup);
    }

    [Fact]
    public void Thresholds_set_on_the_monitor_decide_which_cells_breach()
    {
        var thresholds = new DriftThresholdSet([
            new DriftThreshold(MetricNames.JensenShannon, "INCOME", 0.3),
            new DriftThreshold(MetricNames.JensenShannon, "COUNTY", 0.01),
        ]);
        var heatmap = Render<DriftHeatmap>(p => p.Add(c => c.Grid, Grid()).Add(c => c.Thresholds, thresholds));

        Assert.Equal("0.02", Assert.Single(heatmap.FindAll(".drift-heatmap td.breach")).TextContent.Trim());
        Assert.Contains("INCOME 0.3", heatmap.Find("[data-testid=heatmap-threshold]").TextContent);
    }

    [Fact]
    public void A_missing_window_is_a_gap_in_the_line_not_a_zero()
    {
        var windows = new[] { new DateTime(2025, 2, 7), new DateTime(2025, 2, 14), new DateTime(2025, 2, 21), new DateTime(2025, 2, 28) };
        IReadOnlyList<int> Runs(double? middle) => Render<MetricLineChart>(p => p
                .Add(c => c.Title, "F1")
                .Add(c => c.Windows, windows)
                .Add(c => c.Series, new Dictionary<string, double?[]> { [MetricNames.F1Score] = [0.8, middle, 0.6, 0.7] }))
            .FindAll("[data-testid=chart-line]").Select(e => (e.GetAttribute("points") ?? "").Split(' ').Length).ToList();

        Assert.Equal([4], Runs(0));
        Assert.Equal([2], Runs(null)); // the line is broken at the missing window; the lone first point is a dot only
    }

    [Fact]
    public void A_metric_chart_lists_the_raw_values_under_it()
    {
        var grid = Grid();
        var chart = Render<MetricLineChart>(p => p
            .Add(c => c.Title, "Performance over time")
            .Add(c => c.Windows, grid.Windows)
            .Add(c => c.Series, new Dictionary<string, double?[]> { [MetricNames.F1Score] = grid.Values(MetricNames.F1Score) })
            .Add(c => c.Threshold, 0.7)
            .Add(c => c.TestId, "performance-chart"));

        Assert.NotNull(chart.Find("[data-testid=performance-chart] svg"));
        Assert.DoesNotContain("%", string.Concat(chart.FindAll("[data-testid=chart-y-tick]").Select(t => t.TextContent)));
        Assert.Equal(0.64, grid.Latest(MetricNames.F1Score));
        Assert.Equal(("INCOME", 0.237), grid.WorstDrift()!.Value);
    }
}
