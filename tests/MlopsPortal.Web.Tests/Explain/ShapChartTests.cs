using Bunit;
using MlopsPortal.Core.Explaining;
using MlopsPortal.Web.Components.Pages.Explain;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Explain;

public sealed class ShapChartTests : BunitContext
{
    public ShapChartTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Three rows, three features: INCOME matters most, COUNTY_X least.</summary>
    private static ShapExplanation Sample() => new(
        "M", "V2", "T", 42, 1000, ["INCOME", "AMOUNT", "COUNTY_X"],
        [[50f, 100f, 1f], [80f, 300f, 0f], [float.NaN, 200f, 1f]],
        [[0.5, -0.2, 0.01], [-0.9, 0.3, -0.02], [0.1, 0.1, 0.0]],
        [0.25, 0.25, 0.25],
        ["row 1", "row 2", "row 3"]);

    [Fact]
    public void The_bar_chart_orders_features_by_mean_absolute_contribution()
    {
        var bars = Render<ShapBarChart>(p => p.Add(c => c.Explanation, Sample()));
        var labels = bars.FindAll("[data-testid=shap-bar-rect] title").Select(t => t.TextContent.Split(':')[0]).ToList();
        Assert.Equal(["INCOME", "AMOUNT", "COUNTY_X"], labels);
        var widths = bars.FindAll("[data-testid=shap-bar-rect]").Select(r => double.Parse(r.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(widths[0] > widths[1] && widths[1] > widths[2]);
    }

    [Fact]
    public void The_beeswarm_draws_a_dot_per_row_and_feature_and_greys_missing_values()
    {
        var swarm = Render<ShapBeeswarm>(p => p.Add(c => c.Explanation, Sample()));
        var dots = swarm.FindAll("[data-testid=shap-dot]");
        Assert.Equal(9, dots.Count);
        Assert.Contains(dots, d => d.GetAttribute("fill") == "#9e9e9e" && d.TextContent.Contains("INCOME = missing"));
    }

    [Fact]
    public void The_waterfall_adds_up_to_the_rows_probability()
    {
        var waterfall = Render<ShapWaterfall>(p => p.Add(c => c.Explanation, Sample()));
        Assert.Equal(3, waterfall.FindAll("[data-testid=waterfall-step]").Count);
        var margin = 0.25 + 0.5 - 0.2 + 0.01;
        Assert.Contains($"probability {1 / (1 + Math.Exp(-margin)):0.####}", waterfall.Find("[data-testid=waterfall-total]").TextContent);
    }

    [Fact]
    public void Folding_sums_one_hot_contributions_and_keeps_the_margin()
    {
        var e = Sample();
        var folded = e.Fold(f => f.StartsWith("COUNTY_") || f == "AMOUNT" ? "LOAN" : null);
        Assert.Equal(["INCOME", "LOAN"], folded.Features);
        Assert.Equal(-0.2 + 0.01, folded.Contributions[0][1], 12);
        for (var r = 0; r < e.Rows; r++)
            Assert.Equal(e.Margin(r), folded.Margin(r), 12);
    }
}
