using Bunit;
using MlopsPortal.Core.Explaining;
using MlopsPortal.Web.Components.Pages.Explain;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Explain;

/// <summary>"Fold one-hot columns into their source": the mapping decides, case aside; unmapped dummies fold by name.</summary>
public sealed class OneHotFoldingTests : BunitContext
{
    public OneHotFoldingTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static ShapExplanation Sample() => new(
        "M", "V1", "T", 42, 1000, ["INCOME", "COUNTY_NAME_Kings", "COUNTY_NAME_Queens", "LOAN_TYPE_NAME_FHA", "COUNTY"],
        [[50f, 1f, 0f, 0f, 3f], [80f, 0f, 1f, 1f, 2f]],
        [[0.5, 0.2, -0.1, 0.05, 0.01], [-0.9, -0.3, 0.4, 0.02, 0.0]],
        [0.25, 0.25],
        ["row 1", "row 2"]);

    [Fact]
    public void The_mapping_is_matched_without_regard_to_case_and_unmapped_dummies_fold_into_the_text_column_they_are_named_after()
    {
        var sourceOf = OneHotFolding.SourceOf([("county_name_kings", "COUNTY_NAME"), ("COUNTY_NAME_Queens", "COUNTY_NAME")], ["COUNTY_NAME", "LOAN_TYPE_NAME", "LOAN_TYPE"]);

        Assert.Equal("COUNTY_NAME", sourceOf("COUNTY_NAME_Kings"));
        Assert.Equal("LOAN_TYPE_NAME", sourceOf("LOAN_TYPE_NAME_FHA")); // the longest matching column, not LOAN_TYPE
        Assert.Null(sourceOf("INCOME"));
        Assert.Null(sourceOf("COUNTY")); // a numeric feature that merely shares a prefix stays
    }

    [Fact]
    public void The_bar_chart_of_a_folded_explanation_shows_one_bar_per_source_column_with_the_summed_contribution()
    {
        var e = Sample();
        var folded = e.Fold(OneHotFolding.SourceOf([("county_name_kings", "COUNTY_NAME")], ["COUNTY_NAME", "LOAN_TYPE_NAME"]));

        Assert.Equal(["INCOME", "COUNTY_NAME", "LOAN_TYPE_NAME", "COUNTY"], folded.Features);
        var bars = Render<ShapBarChart>(p => p.Add(c => c.Explanation, folded));
        var labels = bars.FindAll("[data-testid=shap-bar-rect] title").Select(t => t.TextContent.Split(':')[0]).ToList();
        Assert.Equal(["INCOME", "COUNTY_NAME", "LOAN_TYPE_NAME", "COUNTY"], labels);
        // COUNTY_NAME: |0.2 - 0.1| and |-0.3 + 0.4| → mean |SHAP| 0.1, summed per row before the absolute value.
        Assert.Equal(0.1, folded.Importance().Single(i => i.Feature == "COUNTY_NAME").MeanAbs, 10);
        for (var row = 0; row < 2; row++)
            Assert.Equal(e.Contributions[row].Sum(), folded.Contributions[row].Sum(), 10);
        Assert.Equal(1f, folded.Values[0][1]); // the row's category: the first dummy was hot
    }
}
