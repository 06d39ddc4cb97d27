using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E.Snowflake;

/// <summary>
/// A data scientist's day on Snowflake's own objects, in Chromium: the registry's versions, PRODUCTION moved to V2,
/// the native monitor's F1 chart, the alert resumed and run once, and a table scored by alias. Snowflake is the
/// loopback SQL API fake (the JWT is checked on every request) holding the lab's model, monitor and alert.
/// </summary>
public sealed class SnowflakeNativeFlowTests() : PortalBrowserTest(seedDemo: false)
{
    private readonly FakeSnowflakeAccount _account = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("e2e-snowflake-").FullName;

    protected override IReadOnlyDictionary<string, string> Settings => _account.PortalSettings(_dir);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _account.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_data_scientist_is_told_that_PRODUCTION_is_moved_by_an_admin_before_anything_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) })
        {
            var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword }, ct))
                .Content.ReadFromJsonAsync<JsonElement>(ct);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
            (await http.PostAsJsonAsync("/api/admin/users", new { username = "dana", password = "dana-pass-123", role = "DataScientist" }, ct)).EnsureSuccessStatusCode();
        }
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, "dana", "dana-pass-123");
        await page.GotoAsync($"{Portal.BaseUrl}/snowflake");
        await page.Locator("[data-testid=snowflake-page][data-interactive=true]").WaitForAsync();
        var alias = page.Locator("input[data-testid=alias-name], [data-testid=alias-name] input");
        await Assertions.Expect(alias).ToHaveValueAsync("");

        await alias.FillAsync("PRODUCTION");
        await Assertions.Expect(page.Locator("[data-testid=alias-mover]")).ToContainTextAsync("Only an admin moves PRODUCTION");
        await Assertions.Expect(page.Locator("[data-testid=alias-move]")).ToBeDisabledAsync();

        await alias.FillAsync("CHALLENGER");
        await Assertions.Expect(page.Locator("[data-testid=alias-move]")).ToBeEnabledAsync();
        Assert.DoesNotContain(_account.Statements, s => s.Contains("SET ALIAS", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Registry_monitor_alert_and_scoring_run_against_Snowflake_from_the_browser()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        // The Models page shows Snowflake's models beside the portal's (empty) registry.
        await page.GotoAsync($"{Portal.BaseUrl}/models");
        await Assertions.Expect(page.Locator("[data-testid=native-models-card]")).ToContainTextAsync("PRODUCTION → V1");
        await page.ClickAsync("[data-testid=native-models-card] a[href='/snowflake']");
        await page.Locator("[data-testid=snowflake-page][data-interactive=true]").WaitForAsync();
        Assert.EndsWith("/snowflake", page.Url);
        await Assertions.Expect(page.Locator("[data-testid=snowflake-connection]")).ToHaveTextAsync("lab");

        // Registry: the only model opens with its versions; PRODUCTION moves from V1 to V2.
        await Assertions.Expect(page.Locator("[data-testid=native-aliases-V1]")).ToContainTextAsync("PRODUCTION");
        // The newest version is offered first.
        await Assertions.Expect(page.Locator("[data-testid=alias-mover] input.mud-select-input")).ToHaveValueAsync("V2");
        await page.ClickAsync("[data-testid=alias-move]");
        await Assertions.Expect(page.Locator("[data-testid=alias-sent]")).ToContainTextAsync("VERSION \"V2\" SET ALIAS = PRODUCTION");
        await Assertions.Expect(page.Locator("[data-testid=native-aliases-V2]")).ToContainTextAsync("PRODUCTION");
        await Assertions.Expect(page.Locator("[data-testid=native-aliases-V1]")).Not.ToContainTextAsync("PRODUCTION");
        await Assertions.Expect(page.Locator("[data-testid=native-models]")).ToContainTextAsync("PRODUCTION → V2");
        Assert.Contains("PRODUCTION", _account.Versions[1].Aliases);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("snowflake-registry"), FullPage = true });

        // Monitors: the F1 chart from MODEL_MONITOR_PERFORMANCE_METRIC, then suspend.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Monitors" }).ClickAsync();
        var chart = page.Locator("[data-testid=native-metric-chart]");
        await Assertions.Expect(chart).ToContainTextAsync("MORTGAGE_MODEL_MONITOR · F1_SCORE");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("snowflake-monitor"), FullPage = true });
        await Assertions.Expect(chart.Locator("svg").First).ToBeVisibleAsync();
        await chart.GetByText("Raw values").ClickAsync();
        await Assertions.Expect(chart.Locator("tbody tr")).ToHaveCountAsync(_account.F1.Count);
        await Assertions.Expect(chart.Locator("tbody tr").Nth(4)).ToContainTextAsync("0.66");
        await page.ClickAsync("[data-testid=monitor-toggle-MORTGAGE_MODEL_MONITOR]");
        await Assertions.Expect(page.Locator("[data-testid=monitor-state-MORTGAGE_MODEL_MONITOR]")).ToHaveTextAsync("SUSPENDED");
        Assert.Equal("SUSPENDED", _account.Monitors[FakeSnowflakeAccount.Monitor]);

        // A second monitor, created in Snowflake from the same form as an embedded one.
        await page.GotoAsync($"{Portal.BaseUrl}/monitoring/new");
        await page.Locator("[data-testid=create-monitor][data-interactive=true]").WaitForAsync();
        await page.GetByText("In Snowflake (CREATE MODEL MONITOR").ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("MORTGAGE_MODEL_MONITOR_V2");
        // Snowflake's tables and models are typed (the portal does not list them); the form no longer starts from another lab's names.
        await page.GetByLabel("Model in Snowflake").FillAsync(FakeSnowflakeAccount.Model);
        await page.GetByLabel("Version", new() { Exact = true }).FillAsync("V2");
        await page.GetByLabel("Timestamp column").FillAsync("WEEK_START_DATE");
        await page.GetByLabel("Id columns (comma separated)").FillAsync("LOAN_ID");
        await page.GetByLabel("Prediction class columns").FillAsync("PREDICTED_RESPONSE");
        await page.GetByLabel("Prediction score columns").FillAsync("PREDICTED_SCORE");
        await page.GetByLabel("Actual class columns").FillAsync("MORTGAGERESPONSE");
        await page.GetByLabel("Source table in Snowflake").FillAsync("MORTGAGE_PREDICTIONS_PROD");
        await page.GetByLabel("Baseline table in Snowflake").FillAsync("MORTGAGE_BASELINE");
        await page.FillAsync(Field("monitor-warehouse"), "ML_WH");
        await page.ClickAsync("[data-testid=create-monitor-submit]");
        await page.WaitForURLAsync("**/snowflake?tab=monitors");
        await Assertions.Expect(page.Locator("[data-testid=monitor-state-MORTGAGE_MODEL_MONITOR_V2]")).ToHaveTextAsync("ACTIVE");
        Assert.Contains(_account.Statements, s => s.StartsWith("CREATE MODEL MONITOR \"MORTGAGE_MODEL_MONITOR_V2\" WITH", StringComparison.Ordinal)
            && s.Contains("SOURCE=\"MORTGAGE_PREDICTIONS_PROD\"", StringComparison.Ordinal) && s.Contains("WAREHOUSE='ML_WH'", StringComparison.Ordinal));
        // Dropped again, after a confirmation.
        await page.ClickAsync("[data-testid=monitor-drop-MORTGAGE_MODEL_MONITOR_V2]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Drop" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=monitor-state-MORTGAGE_MODEL_MONITOR_V2]")).ToHaveCountAsync(0);
        Assert.False(_account.Monitors.ContainsKey("MORTGAGE_MODEL_MONITOR_V2"));

        // Alerts: resume the lab's alert and run it once.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Alerts" }).ClickAsync();
        await page.ClickAsync("[data-testid=alert-resume-F1_SCORE_DROP_ALERT]");
        await Assertions.Expect(page.Locator("[data-testid=alert-state-F1_SCORE_DROP_ALERT]")).ToHaveTextAsync("started");
        await page.ClickAsync("[data-testid=alert-execute-F1_SCORE_DROP_ALERT]");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "ran once in Snowflake" })).ToBeVisibleAsync();
        Assert.Equal(1, _account.AlertExecutions);

        // Score: the feature view by the PRODUCTION alias into the lab's output table.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Score" }).ClickAsync();
        await page.FillAsync(Field("native-score-model"), FakeSnowflakeAccount.Model);
        await page.FillAsync(Field("native-score-source"), "MORTGAGE_FEATURE_VIEW$V1");
        await page.FillAsync(Field("native-score-output"), "MORTGAGE_PREDICTIONS_PROD");
        await page.FillAsync(Field("native-score-inputs"), "LOAN_AMOUNT_000S, APPLICANT_INCOME_000S");
        await page.FillAsync(Field("native-score-kept"), "LOAN_ID");
        await page.ClickAsync("[data-testid=native-score-run]");
        await Assertions.Expect(page.Locator("[data-testid=native-score-result]")).ToContainTextAsync("1,250 rows scored");
        Assert.Contains($"MODEL({FakeSnowflakeAccount.Model}, PRODUCTION)!PREDICT_PROBA(\"LOAN_AMOUNT_000S\", \"APPLICANT_INCOME_000S\")", _account.Statements.Last());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("snowflake-score"), FullPage = true });
    }

    private static string Field(string id) => $"input[data-testid={id}], [data-testid={id}] input";
}
