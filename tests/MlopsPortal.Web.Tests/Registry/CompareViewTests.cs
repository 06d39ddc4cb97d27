using System.Globalization;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Web.Components.Pages.Models;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>
/// The compare view on a real registry and DuckDB holding the lab's INFERENCEMORTGAGEDATA: V1 (the SageMaker artifact with
/// the lab's metrics) and V2 (V1's inputs, other trees) evaluated on the same rows in one click, side by side.
/// </summary>
public sealed class CompareViewTests : WarehouseBunitContext
{
    private const string M = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly RegistryService _registry;
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;

    public CompareViewTests()
    {
        var user = TestUser.Scientist();
        _registry = new RegistryService(new WarehouseRegistryStore(Warehouse), new FileArtifactStore(Path.Combine(DataDirectory, "a")), new TreesArtifactReader(),
            new ArtifactFetcher(new RegistryOptions()), user, mapping: new FeatureMappingService(Warehouse, user));
        var evaluator = new VersionEvaluator(Warehouse, _registry, new ModelCache(), user);
        Services.AddSingleton<ICurrentUser>(user);
        Services.AddSingleton<IWarehouse>(Warehouse);
        Services.AddSingleton(_registry);
        Services.AddSingleton(new VersionComparer(evaluator, _registry, user, TimeProvider.System));
        Services.AddSingleton(new DataTablesService(Warehouse, new CsvImportService(Warehouse), user));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new MlopsPortal.Infrastructure.Demo.FormDefaultsOptions
            { ScoringTable = "INFERENCEMORTGAGEDATA", LabelColumn = "MORTGAGERESPONSE" })); // the demo's appsettings.json
        _auth = AddAuthorization();
        _auth.SetAuthorized("dana").SetPolicies("DataScientist");
        RenderInteractively();
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync();
        await using (var csv = File.OpenRead(LabApi.LabData(MlopsPortal.TestKit.LabFiles.Mortgage)))
            await new CsvImportService(Warehouse).ImportAsync("INFERENCEMORTGAGEDATA", csv, ImportMode.Create, Ct);
        var sagemaker = Path.Combine(ApiTests.RepoRoot(), "data", "demo", "sagemaker");
        await using (var v1 = File.OpenRead(Path.Combine(sagemaker, "model.tar.gz")))
            await _registry.ImportVersionAsync(new ImportVersionRequest(M, "V1", Upload: new ArtifactUpload(v1, "model.tar.gz"),
                Features: File.ReadAllLines(Path.Combine(sagemaker, "feature_names.txt")).Where(l => l.Length > 0).ToList(),
                Metrics: JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(sagemaker, "metrics.json"), Ct))!.AsObject(),
                MappingTable: "INFERENCEMORTGAGEDATA"), Ct);
        using var v2 = new MemoryStream(LabApi.LabModelWithFewerTrees(10));
        await _registry.ImportVersionAsync(new ImportVersionRequest(M, "V2", Upload: new ArtifactUpload(v2, "lab10.json"), MappingTable: "INFERENCEMORTGAGEDATA"), Ct);
    }

    private IRenderedComponent<ComparePage> RenderPage()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"/models/{M}/compare?a=V1&b=V2");
        return Render<ComparePage>(p => p.Add(c => c.Model, M));
    }

    [Fact]
    public async Task One_click_evaluates_both_versions_on_the_same_rows_and_shows_rounded_values_with_deltas()
    {
        var page = RenderPage();
        page.WaitForAssertion(() =>
        {
            var run = page.Find("[data-testid=compare-run]");
            Assert.Contains("Evaluate V1 and V2", run.TextContent);
            Assert.False(run.HasAttribute("disabled"), "the table and label are still loading");
        }, Wait);

        // As registered: V1's lab metrics, rounded, and what they were computed on.
        var registered = page.FindAll("[data-testid=compare-metric]").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelectorAll("td")[0].TextContent);
        Assert.Equal("0.6719", registered["accuracy"]);
        Assert.Equal("0.7793", registered["f1_score"]);
        Assert.Contains("test split", page.Find("[data-testid=compare-computed-on]").TextContent);
        Assert.Contains("960 rows", page.Find("[data-testid=compare-computed-on]").TextContent);

        await page.Find("[data-testid=compare-run]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=compare-evaluation-row]")), Wait);

        var stored = await new VersionComparer(new VersionEvaluator(Warehouse, _registry, new ModelCache(), TestUser.Scientist()), _registry, TestUser.Scientist(), TimeProvider.System)
            .LatestAsync(M, ["V1", "V2"], Ct);
        Assert.NotNull(stored);
        var rows = page.FindAll("[data-testid=compare-evaluation-row]").ToDictionary(r => r.GetAttribute("data-metric")!, r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray());
        Assert.Equal(["4,800", "4,800", "0"], rows["rows"]); // every labelled row of the table, the same rows for both
        foreach (var name in new[] { "accuracy", "f1_score", "roc_auc", "log_loss" })
        {
            var metric = stored.Metrics.Single(m => m.Name == name);
            Assert.Equal([metric.Values[0]!.Value.ToString("0.0000", CultureInfo.InvariantCulture), metric.Values[1]!.Value.ToString("0.0000", CultureInfo.InvariantCulture), VersionComparisons.FormatDelta(name, metric.Deltas[1])], rows[name]);
            Assert.All(rows[name].Take(2), cell => Assert.Matches(@"^\d\.\d{4}$", cell)); // 4 decimals, never a 16-digit float
        }
        Assert.Contains("Δ V2 − V1", page.Find("[data-testid=compare-evaluation] thead").TextContent);
        Assert.Contains("INFERENCEMORTGAGEDATA, label MORTGAGERESPONSE, threshold 0.5", page.Find("[data-testid=compare-basis]").TextContent);

        // The evaluation is stored on each version beside its registered metrics: V1 keeps the lab's.
        var v1 = await _registry.GetVersionAsync(M, "V1", Ct);
        Assert.Equal(0.671875, v1.Metrics["accuracy"]!.GetValue<double>());
        Assert.Single(VersionComparisons.Read(v1));

        // A new render shows the stored comparison without evaluating again.
        var again = RenderPage();
        again.WaitForAssertion(() => Assert.Equal(rows["accuracy"], again.Find("[data-metric=accuracy][data-testid=compare-evaluation-row]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()), Wait);
        Assert.Single(VersionComparisons.Read(await _registry.GetVersionAsync(M, "V1", Ct)));

        // A manager (Viewer) reads the stored comparison; evaluating (which stores) is not offered.
        _auth.SetAuthorized("vic").SetPolicies();
        var viewer = RenderPage();
        viewer.WaitForAssertion(() => Assert.NotEmpty(viewer.FindAll("[data-testid=compare-evaluation-row]")), Wait);
        Assert.Empty(viewer.FindAll("[data-testid=compare-run]"));
        Assert.Contains("A data scientist evaluates", viewer.Find("[data-testid=compare-evaluate-viewer]").TextContent);
    }
}
