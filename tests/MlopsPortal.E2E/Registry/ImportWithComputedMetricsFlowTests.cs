using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MlopsPortal.Core.Demo;

namespace MlopsPortal.E2E.Registry;

/// <summary>
/// On the demo story, the demo's SageMaker artifact is imported again as V2 through the wizard with "compute the metrics on
/// a labelled table" (NEWTRAININGDATA, label MORTGAGERESPONSE); the version page then shows the metrics the evaluation
/// computed: the same as the REST API stores for V2 and as a fresh evaluation through the API returns.
/// </summary>
public sealed class ImportWithComputedMetricsFlowTests() : PortalBrowserTest(seedDemo: true)
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private const string EvaluationTable = "NEWTRAININGDATA";
    private static readonly string[] Shown = ["accuracy", "f1_score", "precision", "recall", "roc_auc"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string DemoArtifacts => Path.Combine(Browser.RepoRoot(), "data", "demo", "sagemaker");

    [Fact]
    public async Task Importing_with_metrics_computed_on_a_table_shows_the_evaluations_metrics_on_the_version_page()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);
        await page.GotoAsync($"{Portal.BaseUrl}/models/import?model={Model}");
        await page.Locator("[data-testid=import-wizard][data-interactive=true]").WaitForAsync();

        // Source: the SageMaker archive (legacy binary, so no feature names inside).
        await UploadAsync(page, Path.Combine(DemoArtifacts, "model.tar.gz"));
        await NextAsync(page);

        // Signature: the features in order, as the demo's feature_names.txt lists them.
        await Assertions.Expect(page.Locator("[data-testid=artifact-summary]")).ToContainTextAsync("8 features");
        var features = (await File.ReadAllLinesAsync(Path.Combine(DemoArtifacts, "feature_names.txt"), Ct)).Where(l => l.Length > 0).ToList();
        var featuresInput = page.Locator("textarea[data-testid=features-input], [data-testid=features-input] textarea");
        await featuresInput.FillAsync(string.Join(",", features));
        await featuresInput.PressAsync("Tab");
        await Assertions.Expect(page.GetByText("8 of 8 features given")).ToBeVisibleAsync();
        await NextAsync(page);

        // Mapping: onto the demo's inference table, where COUNTY_NAME_Queens County etc. are one-hot columns of COUNTY_NAME.
        await PickAsync(page, "mapping-table", "INFERENCEMORTGAGEDATA");
        await Assertions.Expect(page.Locator("[data-testid=mapping-summary]")).ToContainTextAsync("All 8 features map onto INFERENCEMORTGAGEDATA");
        await NextAsync(page);

        // Details: V2, metrics computed on the other labelled table; the label column is found by name.
        var versionName = page.Locator("input[data-testid=version-name], [data-testid=version-name] input");
        await versionName.FillAsync("V2");
        await versionName.PressAsync("Tab");
        await page.Locator("[data-testid=metrics-mode]").GetByText("Compute them on a labelled table").ClickAsync();
        await Assertions.Expect(SelectValue(page, "metrics-table")).ToHaveValueAsync("INFERENCEMORTGAGEDATA");
        await PickAsync(page, "metrics-table", EvaluationTable);
        await Assertions.Expect(SelectValue(page, "metrics-table")).ToHaveValueAsync(EvaluationTable);
        await Assertions.Expect(SelectValue(page, "metrics-label")).ToHaveValueAsync("MORTGAGERESPONSE");
        await Assertions.Expect(page.Locator("[data-testid=version-metrics]")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await page.WaitForURLAsync($"**/models/{Model}/versions/V2", new() { Timeout = 60_000 });

        await Assertions.Expect(page.Locator("[data-testid=metric]")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=confusion-matrix]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=evaluated-on]")).ToContainTextAsync("Computed on NEWTRAININGDATA (label MORTGAGERESPONSE): 5300 rows");
        await Assertions.Expect(page.Locator("[data-testid=classification-report]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("import-v2-computed-metrics"), FullPage = true });
        var onPage = new Dictionary<string, string>();
        foreach (var name in Shown)
            onPage[name] = (await page.Locator($"[data-testid=metric][data-metric={name}] h6").TextContentAsync())!.Trim();

        // The REST API's V2 carries the evaluation's metrics and says what they were computed on.
        using var api = await ClientAsync();
        var version = await api.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/V2", Ct);
        var stored = version.GetProperty("metrics");
        var evaluatedOn = stored.GetProperty("evaluated_on");
        Assert.Equal(EvaluationTable, evaluatedOn.GetProperty("table").GetString());
        Assert.Equal("MORTGAGERESPONSE", evaluatedOn.GetProperty("label").GetString());
        // Every row of the demo's training table carries its label.
        Assert.Equal(DemoSchema.DefaultRows(DemoTable.NewTrainingData), evaluatedOn.GetProperty("rows").GetInt64());
        foreach (var name in Shown)
            Assert.Equal(Formatted(stored.GetProperty(name).GetDouble()), onPage[name]);
        var matrix = stored.GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToList()).ToList();
        for (var actual = 0; actual < 2; actual++)
            await Assertions.Expect(page.Locator("[data-testid=confusion-matrix] tbody tr").Nth(actual).Locator("td"))
                .ToHaveTextAsync([matrix[actual][0].ToString(CultureInfo.InvariantCulture), matrix[actual][1].ToString(CultureInfo.InvariantCulture)]);

        // Plausible: rates strictly between 0 and 1, and not one number repeated.
        var values = Shown.Select(n => stored.GetProperty(n).GetDouble()).ToList();
        Assert.All(values, v => Assert.InRange(v, 0.0001, 0.9999));
        Assert.True(values.Distinct().Count() >= 3, string.Join(", ", values));
        Assert.Equal(evaluatedOn.GetProperty("rows").GetInt64(), matrix.SelectMany(r => r).Sum());

        // The same evaluation run again through the API gives what the page shows (the evaluation is deterministic).
        using var again = await api.PostAsJsonAsync($"/api/models/{Model}/versions/V2/evaluate", new { table = EvaluationTable, label = "MORTGAGERESPONSE" }, Ct);
        Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync(Ct));
        var recomputed = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        foreach (var name in Shown)
            Assert.Equal(stored.GetProperty(name).GetDouble(), recomputed.GetProperty(name).GetDouble(), 12);
    }

    /// <summary>The metrics panel's format: whole numbers bare, others to 4 decimals (the portal runs in this process, same culture).</summary>
    private static string Formatted(double d) =>
        d == Math.Floor(d) ? d.ToString("0", CultureInfo.CurrentCulture) : d.ToString("0.0000", CultureInfo.CurrentCulture);

    /// <summary>
    /// Gives the wizard the artifact; it is read once its name replaces the placeholder (which itself mentions
    /// model.tar.gz, hence the check on "xgboost-model").
    /// </summary>
    private static async Task UploadAsync(IPage page, string file)
    {
        var label = page.Locator("[data-testid=artifact-file]");
        await Browser.UploadAsync(page, "artifact-file", file);
        await Assertions.Expect(label).Not.ToContainTextAsync("xgboost-model");
        await Assertions.Expect(label).ToContainTextAsync(Path.GetFileName(file));
    }

    private static async Task NextAsync(IPage page) => await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

    /// <summary>A MudSelect's value: once it has one, it sits in a hidden input.mud-select-input beside the element carrying the test id.</summary>
    private static ILocator SelectValue(IPage page, string testId) => page.Locator($".mud-select:has([data-testid={testId}]) input.mud-select-input");

    /// <summary>Opens a MudSelect and picks the option starting with <paramref name="text"/>, then waits for its popover to close
    /// (its overlay would swallow the next click).</summary>
    private static async Task PickAsync(IPage page, string testId, string text)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = text });
        await option.First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
    }

    private async Task<HttpClient> ClientAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword }, Ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
