using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Data;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Web.Components.Pages.FeatureStore;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.FeatureStore;

/// <summary>The recipe editor on a real DuckDB warehouse holding the lab's NEWTRAININGDATA: template, rules, previews, run.</summary>
public sealed class RecipeEditorTests : WarehouseBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public RecipeEditorTests()
    {
        var user = TestUser.Scientist();
        Services.AddSingleton<ICurrentUser>(user);
        Services.AddSingleton<IWarehouse>(Warehouse);
        Services.AddSingleton(new RecipeService(new RecipeStore(Warehouse), new RecipeRunner(Warehouse), user,
            new JobTracker(new WarehouseJobRunStore(Warehouse), NullLogger<JobTracker>.Instance), TimeProvider.System));
        Services.AddSingleton(new DataTablesService(Warehouse, new CsvImportService(Warehouse), user));
        AddAuthorization().SetAuthorized("dana").SetPolicies("DataScientist");
        RenderInteractively();
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync();
        await using var csv = File.OpenRead(LabApi.LabData(MlopsPortal.TestKit.LabFiles.NewTraining));
        await new CsvImportService(Warehouse).ImportAsync("NEWTRAININGDATA", csv, ImportMode.Create, Xunit.TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Lab_template_previews_each_step_and_runs_into_the_output_table()
    {
        var editor = Render<RecipeEditorPage>();
        editor.Find("[data-testid=load-template]").Click();
        editor.WaitForAssertion(() => Assert.Equal(5, editor.FindAll("[data-testid=rule-row]").Count));

        editor.Find("[data-testid=preview-Clean]").Click();
        editor.WaitForAssertion(() => Assert.Contains("Rensselaer County", editor.Find("[data-testid=recipe-preview]").TextContent), Wait);
        editor.Find("[data-testid=preview-OneHot]").Click();
        editor.WaitForAssertion(() => Assert.Contains("COUNTY_NAME_OHE_Rensselaer_County", editor.Find("[data-testid=recipe-preview]").TextContent), Wait);

        editor.Find("[data-testid=add-rule]").Click();
        editor.WaitForAssertion(() => Assert.Equal(6, editor.FindAll("[data-testid=rule-row]").Count), Wait);
        editor.FindAll("[data-testid=rule-remove]")[5].Click();
        editor.WaitForAssertion(() => Assert.Equal(5, editor.FindAll("[data-testid=rule-row]").Count), Wait);

        editor.Find("[data-testid=run-recipe]").Click();
        editor.WaitForAssertion(() => Assert.Contains("NEWTRAININGDATA_FINAL written: 5,300 rows", editor.Find("[data-testid=recipe-message]").TextContent), Wait);
    }

    [Fact]
    public async Task A_rule_on_a_missing_column_shows_the_problem_and_writes_nothing()
    {
        var editor = Render<RecipeEditorPage>();
        editor.Find("[data-testid=load-template]").Click();
        editor.WaitForAssertion(() => Assert.Equal(5, editor.FindAll("[data-testid=rule-row]").Count));
        editor.Find("[data-testid=add-rule]").Click();   // a new rule with no column chosen
        editor.Find("[data-testid=run-recipe]").Click();

        editor.WaitForAssertion(() => Assert.Contains("Rule 6", editor.Find("[data-testid=recipe-error]").TextContent), Wait);
        Assert.Null(await Warehouse.DescribeTableAsync("NEWTRAININGDATA_FINAL", Xunit.TestContext.Current.CancellationToken));
    }
}
