using Bunit;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Web.Components.Pages.Monitoring;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>The monitor charts' scales: own units, thresholds in the same scale and per metric, axes from 0, years, colours.</summary>
public sealed class ChartScaleTests : BunitContext
{
    public ChartScaleTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static readonly DateTime[] Weeks = [new(2025, 2, 7), new(2025, 2, 14), new(2025, 2, 21)];

    private IRenderedComponent<MetricLineChart> Chart(Dictionary<string, double?[]> series, Action<ComponentParameterCollectionBuilder<MetricLineChart>>? more = null, IReadOnlyList<DateTime>? windows = null) =>
        Render<MetricLineChart>(p =>
        {
            p.Add(c => c.Title, "chart").Add(c => c.Windows, windows ?? Weeks).Add(c => c.Series, series);
            more?.Invoke(p);
        });

    private static List<string> Ticks(IRenderedComponent<MetricLineChart> chart) =>
        chart.FindAll("[data-testid=chart-y-tick]").Select(t => t.TextContent.Trim()).ToList();

    [Fact]
    public void A_score_is_drawn_in_its_own_scale_with_its_threshold_at_the_same_height_as_the_value()
    {
        var chart = Chart(new() { [MetricNames.F1Score] = [0.71, 0.64, 0.7] },
            p => p.Add(c => c.Thresholds, new Dictionary<string, double> { [MetricNames.F1Score] = 0.7 }).Add(c => c.YTitle, "F1 score (0–1)"));

        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8"], Ticks(chart));
        var threshold = Assert.Single(chart.FindAll("[data-testid=chart-threshold]"));
        Assert.Equal("0.7", threshold.GetAttribute("data-value"));
        // Axis 0–0.8: 0.7 sits 7/8 of the way up, i.e. at y = 125 of 1000; the third point (0.7) is drawn at the same height.
        Assert.Equal("125", threshold.GetAttribute("y1"));
        Assert.EndsWith(",125", chart.Find("[data-testid=chart-line]").GetAttribute("points"));
        Assert.Equal("F1 score (0–1)", chart.Find("[data-testid=chart-y-title]").TextContent);
    }

    [Fact]
    public void Counts_are_read_off_an_axis_from_zero_with_thousands_grouped()
    {
        var chart = Chart(new() { [MetricNames.Count] = [1200, 1350, 1100], [MetricNames.ActualsCount] = [1190, 1340, 1100] });

        var ticks = Ticks(chart);
        Assert.Equal("0", ticks[0]);
        Assert.Equal("1,500", ticks[^1]);
        Assert.NotEqual(chart.FindAll("[data-testid=chart-line]")[0].GetAttribute("stroke"), chart.FindAll("[data-testid=chart-line]")[1].GetAttribute("stroke"));
    }

    [Fact]
    public void Shares_are_labelled_in_percent_only_when_the_chart_says_so()
    {
        var share = Chart(new() { ["predicted positive share"] = [0.25, 0.3, 0.35] }, p => p.Add(c => c.Percent, true));
        Assert.Equal("40 %", Ticks(share)[^1]);
        var plain = Chart(new() { ["predicted positive share"] = [0.25, 0.3, 0.35] });
        Assert.Equal("0.4", Ticks(plain)[^1]);
    }

    [Fact]
    public void Dates_carry_the_year_where_the_windows_cross_one()
    {
        var chart = Chart(new() { [MetricNames.F1Score] = [0.7, 0.7, 0.7] }, windows: [new(2024, 12, 23), new(2024, 12, 30), new(2025, 1, 6)]);

        Assert.Equal(["2024-12-23", "12-30", "2025-01-06"], chart.FindAll("[data-testid=chart-x-tick]").Select(t => t.TextContent).ToList());
    }

    [Fact]
    public void Compare_with_keeps_each_metric_s_colour_and_dashes_the_other_monitor()
    {
        var alone = Chart(new() { [MetricNames.F1Score] = [0.7, 0.6, 0.65], [MetricNames.Precision] = [0.5, 0.6, 0.7] });
        var compared = Chart(new()
        {
            [$"{MetricNames.F1Score} (A)"] = [0.7, 0.6, 0.65], [$"{MetricNames.F1Score} (B)"] = [0.72, 0.61, 0.6],
            [$"{MetricNames.Precision} (A)"] = [0.5, 0.6, 0.7], [$"{MetricNames.Precision} (B)"] = [0.5, 0.5, 0.5],
        }, p => p.Add(c => c.CompareWith, "B"));

        string Stroke(IRenderedComponent<MetricLineChart> c, string series) => c.Find($"[data-testid=chart-line][data-series='{series}']").GetAttribute("stroke")!;
        Assert.Equal(Stroke(alone, MetricNames.F1Score), Stroke(compared, $"{MetricNames.F1Score} (A)"));
        Assert.Equal(Stroke(alone, MetricNames.F1Score), Stroke(compared, $"{MetricNames.F1Score} (B)"));
        Assert.Equal(Stroke(alone, MetricNames.Precision), Stroke(compared, $"{MetricNames.Precision} (A)"));
        Assert.NotEqual(Stroke(alone, MetricNames.F1Score), Stroke(alone, MetricNames.Precision));
        Assert.Null(compared.Find($"[data-testid=chart-line][data-series='{MetricNames.F1Score} (A)']").GetAttribute("stroke-dasharray"));
        Assert.NotNull(compared.Find($"[data-testid=chart-line][data-series='{MetricNames.F1Score} (B)']").GetAttribute("stroke-dasharray"));
    }

    [Fact]
    public void Every_point_has_its_value_on_hover()
    {
        var chart = Chart(new() { [MetricNames.F1Score] = [0.71, null, 0.7] });

        var points = chart.FindAll("[data-testid=chart-point]");
        Assert.Equal(2, points.Count);
        Assert.Contains("2025-02-07", points[0].GetAttribute("title"));
        Assert.Contains("F1_SCORE: 0.71", points[0].GetAttribute("title"));
    }

    private static MetricGrid DriftGrid()
    {
        var rows = new List<MonitorMetric>();
        foreach (var (w, i) in Weeks.Select((w, i) => (w, i)))
        {
            rows.Add(new MonitorMetric(w, null, null, MetricNames.JensenShannon, "INCOME", 0.05 * (i + 1), 200));
            rows.Add(new MonitorMetric(w, null, null, MetricNames.Hellinger, "INCOME", 0.04 * (i + 1), 200));
            rows.Add(new MonitorMetric(w, null, null, MetricNames.PopulationStabilityIndex, "INCOME", 0.3 * (i + 1), 200));
        }

        return new MetricGrid(rows);
    }

    [Fact]
    public void Each_drift_metric_is_drawn_against_its_own_threshold()
    {
        var thresholds = new DriftThresholdSet([new DriftThreshold(MetricNames.PopulationStabilityIndex, "INCOME", 0.25)]);
        var drift = Render<DriftOverTime>(p => p.Add(c => c.Grid, DriftGrid()).Add(c => c.Thresholds, thresholds));

        var lines = drift.FindAll("[data-testid=chart-threshold]").ToDictionary(l => l.GetAttribute("data-series")!, l => l.GetAttribute("data-value"));
        Assert.Equal("0.25", lines[MetricNames.PopulationStabilityIndex]);
        Assert.Equal("0.1", lines[MetricNames.JensenShannon]);
        Assert.Equal("0.1", lines[MetricNames.Hellinger]);
    }

    [Fact]
    public void The_heatmap_shows_the_newest_window_first()
    {
        var heatmap = Render<DriftHeatmap>(p => p.Add(c => c.Grid, DriftGrid()));

        Assert.Equal(["2025-02-21", "02-14", "02-07"], heatmap.FindAll("[data-testid=heatmap-window]").Select(t => t.TextContent).ToList());
        Assert.Equal("0.15", heatmap.Find(".drift-heatmap tbody td").TextContent.Trim());
    }

    [Theory]
    [InlineData(0.0, 0.8, 0.2)]
    [InlineData(0.0, 1400, 500)]
    [InlineData(0.0, 0.03, 0.01)]
    public void Nice_axes_step_by_one_two_or_five(double lo, double hi, double step)
    {
        var axis = ChartScale.Nice([lo, hi]);
        Assert.Equal(step, axis.Step, 10);
        Assert.Equal(0, axis.Min);
        Assert.True(axis.Max >= hi);
    }
}
