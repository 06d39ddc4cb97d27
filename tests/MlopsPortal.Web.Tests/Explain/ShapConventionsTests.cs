using Bunit;
using MlopsPortal.Core.Explaining;
using MlopsPortal.Web.Components.Pages.Explain;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Explain;

/// <summary>The SHAP plots follow the shap library's conventions: value-labelled waterfall from E[f(x)], beeswarm axis and legend.</summary>
public sealed class ShapConventionsTests : BunitContext
{
    public ShapConventionsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private const string LongName = "PROPERTY_COUNTY_NAME_Kings_County_New_York_State";

    private static ShapExplanation Sample() => new(
        "M", "V1", "T", 42, 1000, ["INCOME", "AMOUNT", LongName],
        [[50f, 100f, 1f], [80f, 300f, 0f]],
        [[0.5, -0.2, 0.01], [-0.9, 0.3, -0.02]],
        [0.25, 0.25],
        ["row 1", "row 2"]);

    [Fact]
    public void The_waterfall_starts_at_the_expected_value_and_labels_each_bar_with_the_rows_feature_value()
    {
        var waterfall = Render<ShapWaterfall>(p => p.Add(c => c.Explanation, Sample()));

        Assert.Equal("E[f(x)] = 0.25", waterfall.Find("[data-testid=waterfall-base]").TextContent);
        var labels = waterfall.FindAll("[data-testid=waterfall-label]").Select(l => l.TextContent).ToList();
        Assert.Contains(labels, l => l.EndsWith("50 = INCOME", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.EndsWith("100 = AMOUNT", StringComparison.Ordinal));
    }

    [Fact]
    public void The_beeswarm_has_a_log_odds_axis_with_ticks_and_a_feature_value_legend()
    {
        var swarm = Render<ShapBeeswarm>(p => p.Add(c => c.Explanation, Sample()));

        var ticks = swarm.FindAll("[data-testid=beeswarm-tick]").Select(t => t.TextContent).ToList();
        Assert.Contains("0", ticks);
        Assert.Contains("0.5", ticks);
        Assert.Contains("-0.5", ticks);
        Assert.Contains("log-odds", swarm.Markup);
        Assert.Contains("feature value", swarm.Find("[data-testid=beeswarm-legend]").TextContent);
    }

    [Fact]
    public void A_long_feature_name_is_shortened_to_fit_its_column_and_shown_whole_on_hover()
    {
        var bars = Render<ShapBarChart>(p => p.Add(c => c.Explanation, Sample()));

        var label = bars.FindAll("[data-testid=shap-label]").Single(l => l.TextContent.Contains("PROPERTY_COUNTY"));
        Assert.Equal(LongName, label.QuerySelector("title")!.TextContent);
        Assert.True(label.TextContent.Length - LongName.Length <= ShapLabels.MaxChars, label.TextContent);
        Assert.EndsWith("…", label.TextContent);
    }
}
