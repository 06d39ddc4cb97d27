using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.TestKit;
using MlopsPortal.Web.Components.Pages.Models;
using MudBlazor;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>The import wizard's mapping step on a real DuckDB warehouse: a model trained through a saved recipe is registered with it.</summary>
public sealed class ImportRecipeStepTests : WarehouseBunitContext
{
    private readonly RecipeService _recipes;

    public ImportRecipeStepTests()
    {
        var user = TestUser.Scientist();
        _recipes = new RecipeService(new RecipeStore(Warehouse), new RecipeRunner(Warehouse), user,
            new JobTracker(new WarehouseJobRunStore(Warehouse), NullLogger<JobTracker>.Instance), TimeProvider.System);
        Services.AddSingleton<ICurrentUser>(user);
        Services.AddSingleton(_recipes);
        Services.AddSingleton(new FeatureMappingService(Warehouse, user));
    }

    public override async ValueTask InitializeAsync()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        await new MigrationRunner(Warehouse).RunAsync();
        await using (var csv = File.OpenRead(LabFiles.Path(LabFiles.NewTraining)))
            await new CsvImportService(Warehouse).ImportAsync(LabRecipeTemplate.SourceTable, csv, ImportMode.Create, ct);
        await _recipes.SaveAsync(LabRecipeTemplate.Recipe, ct);
    }

    [Fact]
    public async Task Choosing_the_recipe_maps_one_hot_features_to_the_cleaned_levels_of_its_source()
    {
        // The first row's county as the recipe cleans it (spaces kept): its one-hot name has '_' where the level has ' '.
        var county = LabTable.Read(LabFiles.NewTraining).Cell(0, "COUNTY_NAME").Replace("-", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        var draft = new ImportDraft { FeaturesText = $"LOAN_PURPOSE_NAME_OHE_Home_purchase,{OneHotNames.For("COUNTY_NAME", county)},LOAN_AMOUNT_000S" };
        var step = Render<ImportMappingStep>(p => p.Add(x => x.Draft, draft));

        step.WaitForAssertion(() => Assert.Contains(step.FindComponents<MudSelect<string>>(), s => s.Instance.Label!.Contains("recipe", StringComparison.Ordinal)));
        var select = step.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label!.Contains("recipe", StringComparison.Ordinal));
        await step.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(LabRecipeTemplate.Name));

        step.WaitForAssertion(() => Assert.Contains("through the recipe " + LabRecipeTemplate.Name, step.Find("[data-testid=mapping-summary]").TextContent));
        var spec = draft.Mapping!;
        Assert.Equal(LabRecipeTemplate.Name, spec.Recipe!.Name);
        Assert.Equal(("COUNTY_NAME", county), (spec.Features[1].Column, spec.Features[1].Value));
        Assert.Equal(FeatureSourceKind.Raw, spec.Features[2].Kind);
        Assert.Same(spec, draft.ToRequest().Preprocessing);
    }
}
