using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Web.Components.Pages.Retraining;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Retraining;

public sealed class EvaluationComponentTests : BunitContext
{
    public EvaluationComponentTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static TrainingResult Result(bool withProduction)
    {
        bool[] labels = [true, true, true, false, false, false, true, false];
        float[] better = [0.9f, 0.8f, 0.7f, 0.2f, 0.1f, 0.3f, 0.6f, 0.55f];
        float[] worse = [0.4f, 0.8f, 0.3f, 0.6f, 0.1f, 0.7f, 0.6f, 0.2f];
        var v2 = ModelEvaluation.Compute("V2", labels, better);
        var v1 = ModelEvaluation.Compute("V1", labels, worse);
        return new TrainingResult("ML.NET LightGBM", null, ["A"], 32, 8, 0, 0.5, "V2", v2,
            withProduction ? "V1" : null, withProduction ? v1 : null, withProduction ? null : "M has no PRODUCTION version to compare with.", null);
    }

    [Fact]
    public void New_and_production_metrics_sit_side_by_side_with_both_confusion_matrices_and_the_roc_chart()
    {
        var cut = Render<EvaluationComparison>(p => p.Add(c => c.Result, Result(true)));

        var f1 = cut.Find("[data-metric='F1']").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["0.8889", "0.5000", "+0.3889"], f1); // V2: TP 4, FP 1, FN 0; V1: TP 2, FP 2, FN 2
        Assert.Equal("4", cut.Find("[data-testid='confusion-V2'] tbody tr:nth-child(2) td:nth-child(3)").TextContent.Trim());
        Assert.Equal("2", cut.Find("[data-testid='confusion-V1'] tbody tr:nth-child(2) td:nth-child(3)").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid='roc-chart'] svg"));
        Assert.Contains("V1 PRODUCTION", cut.Markup);
    }

    [Fact]
    public void Without_production_the_note_says_why_and_only_the_new_model_shows()
    {
        var cut = Render<EvaluationComparison>(p => p.Add(c => c.Result, Result(false)));

        Assert.Contains("no PRODUCTION version", cut.Find("[data-testid='production-note']").TextContent);
        Assert.Single(cut.Find("[data-metric='F1']").QuerySelectorAll("td"));
        Assert.Empty(cut.FindAll("[data-testid='confusion-V1']"));
    }

    [Fact]
    public void The_roc_grid_keeps_the_best_true_positive_rate_reached_at_each_false_positive_rate()
    {
        var grid = RocCurveChart.OnGrid([new RocPoint(0, 0, 2), new RocPoint(0, 0.5, 0.9), new RocPoint(0.5, 0.75, 0.5), new RocPoint(1, 1, 0.1)]);
        Assert.Equal(21, grid.Length);
        Assert.Equal(50, grid[0]);
        Assert.Equal(50, grid[9]);
        Assert.Equal(75, grid[10]);
        Assert.Equal(100, grid[20]);
    }
}
