using System.Text.Json.Nodes;
using Bunit;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Registry;
using MlopsPortal.Web.Components.Pages.Models;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>A version that carries its recipe says so on its page: which cleaning runs inside scoring and which columns it reads.</summary>
public sealed class SignaturePanelTests : BunitContext
{
    public SignaturePanelTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_recipe_version_shows_the_cleaning_it_applies_and_the_raw_columns_it_reads()
    {
        var preprocessing = RecipePreprocessing.Build(LabRecipeTemplate.Recipe, ["LOAN_PURPOSE_NAME_OHE_Home_purchase", "LOAN_AMOUNT_000S"]);
        var version = new ModelVersion("M", "V2", null, new JsonObject(), ModelTasks.TabularBinaryClassification,
            [new FeatureSpec("LOAN_PURPOSE_NAME_OHE_Home_purchase"), new FeatureSpec("LOAN_AMOUNT_000S")], preprocessing,
            new ModelSource("Trained", null, "xgboost-json", new string('a', 64), 1, "m.json"), "dana", DateTime.UtcNow, []);

        var panel = Render<SignaturePanel>(p => p.Add(x => x.Version, version));

        var recipe = panel.Find("[data-testid=signature-recipe]").TextContent;
        Assert.Contains(LabRecipeTemplate.Name, recipe);
        Assert.Contains("LOAN_PURPOSE_NAME: replace '-' ' ' '.' with '_'", recipe);
        Assert.DoesNotContain("COUNTY_NAME", recipe); // a rule on a column this model never reads is not shown
        Assert.Contains("Reads: LOAN_PURPOSE_NAME (category), LOAN_AMOUNT_000S (number)", recipe);
        Assert.Contains("1 when LOAN_PURPOSE_NAME = 'Home_purchase' (after the recipe)", panel.FindAll("[data-testid=signature-row]")[0].TextContent);
    }
}
