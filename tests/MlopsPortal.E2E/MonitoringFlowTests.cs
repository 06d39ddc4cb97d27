using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>A manager (Viewer) opens the Monitoring overview and a monitor dashboard; every chart is screenshotted.</summary>
public sealed class MonitoringFlowTests : PortalBrowserTest
{
    [Fact]
    public async Task A_viewer_reads_the_overview_and_a_monitor_dashboard()
    {
        await SetUpLabMonitorAsync();
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, "manager", "manager-pass-1");

        await page.GotoAsync($"{Portal.BaseUrl}/monitoring");
        await page.Locator("[data-testid=monitoring-overview][data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        var table = page.Locator("[data-testid=monitors-table]");
        await Assertions.Expect(table).ToContainTextAsync("MORTGAGE_MODEL_MONITOR", new() { Timeout = 30_000 });
        Assert.Contains("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL / V1", await table.TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("monitoring-overview"), FullPage = true });

        await page.GotoAsync($"{Portal.BaseUrl}/monitoring/MORTGAGE_MODEL_MONITOR");
        await page.Locator("[data-testid=monitor-dashboard][data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("[data-testid=performance-chart] svg").First.WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("[data-testid=week-explorer-hellinger]").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Empty(await page.Locator("[data-testid=refresh-monitor]").AllAsync()); // a Viewer gets no refresh button
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("monitor-dashboard"), FullPage = true });
        foreach (var chart in new[] { "counts-chart", "balance-chart", "performance-chart", "drift-heatmap", "drift-line", "score-distribution", "week-explorer" })
        {
            var locator = page.Locator($"[data-testid={chart}]");
            await locator.ScrollIntoViewIfNeededAsync();
            await locator.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"dashboard-{chart}") });
        }

        Assert.Contains("APPLICANT_INCOME_000S", await page.Locator("[data-testid=drift-heatmap]").TextContentAsync());
        Assert.True(await page.Locator("[data-testid=drift-heatmap] td.breach").CountAsync() > 0, "the lab's drift shows breaching cells");

        await page.GotoAsync($"{Portal.BaseUrl}/alerts");
        await page.Locator("[data-testid=alerts-page][data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=alerts-table]")).ToContainTextAsync("F1_SCORE_DROP_ALERT");
        await Assertions.Expect(page.Locator("[data-testid=alert-history]")).ToContainTextAsync("yes");
        Assert.Equal(0, await page.Locator("[data-testid=alert-form]").CountAsync()); // a Viewer gets no editor
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("alerts-page"), FullPage = true });
    }

    private async Task SetUpLabMonitorAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        (await http.PostAsJsonAsync("/api/admin/users", new { username = "manager", password = "manager-pass-1", role = "Viewer" })).EnsureSuccessStatusCode();
        (await http.PostAsync("/api/tables/PREDICTIONS_WITH_GROUND_TRUTH/csv?mode=create", new StringContent(PredictionsCsv(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/monitors/baselines", new
        {
            source = "PREDICTIONS_WITH_GROUND_TRUTH", output = "BASELINE_PREDICTIONS",
            filter = new object[] { new { column = "WEEK", op = "between", value = 1, value2 = 5 } },
        })).EnsureSuccessStatusCode();
        // A monitor names a model the registry holds: register a small fixture artifact as V1.
        var fixture = Path.Combine(Browser.RepoRoot(), "tests", "MlopsPortal.Trees.Tests", "Fixtures", "lab.json");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(fixture)), "artifact", "lab.json" }, { new StringContent("V1"), "version" } };
        (await http.PostAsync("/api/models/COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL/versions", form)).EnsureSuccessStatusCode();
        var created = await http.PostAsJsonAsync("/api/monitors", new
        {
            name = "MORTGAGE_MODEL_MONITOR", model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", version = "V1", source = "PREDICTIONS_WITH_GROUND_TRUTH",
            baseline = "BASELINE_PREDICTIONS", timestampColumn = "WEEK_START_DATE", aggregationWindowDays = 7, idColumns = new[] { "LOAN_ID", "WEEK", "TS" },
            predictionClassColumns = new[] { "PREDICTED_RESPONSE" }, predictionScoreColumns = new[] { "PREDICTED_SCORE" },
            actualClassColumns = new[] { "MORTGAGERESPONSE" }, segmentColumns = new[] { "LOAN_PURPOSE_NAME" }, refreshInterval = "1 day",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var refresh = await (await http.PostAsync("/api/monitors/MORTGAGE_MODEL_MONITOR/refresh", null)).Content.ReadFromJsonAsync<JsonElement>();
        var runId = refresh.GetProperty("runId").GetString();
        for (var i = 0; i < 300; i++)
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{runId}");
            var status = run.GetProperty("status").GetString();
            if (status == "Succeeded")
            {
                (await http.PostAsJsonAsync("/api/alerts", new
                {
                    name = "F1_SCORE_DROP_ALERT", monitor = "MORTGAGE_MODEL_MONITOR", metric = "F1_SCORE", comparator = "<", threshold = 0.7,
                    start = "2025-02-09", end = "2025-02-16", schedule = "0 9 * * *", timeZone = "UTC", recipients = new[] { "manager@example.com" },
                })).EnsureSuccessStatusCode();
                (await http.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/resume", null)).EnsureSuccessStatusCode();
                (await http.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/execute", null)).EnsureSuccessStatusCode(); // no SMTP here: delivery fails, shown in history
                return;
            }

            Assert.False(status is "Failed" or "Cancelled", run.ToString());
            await Task.Delay(300);
        }

        Assert.Fail("The refresh did not finish.");
    }

    /// <summary>The lab CSV plus the goldens' deterministic score (make_goldens.py's lab_score).</summary>
    private static string PredictionsCsv()
    {
        var lines = File.ReadAllLines(Browser.LabData("Mortgage_Data.csv"));
        var header = lines[0].Split(',');
        int income = Array.IndexOf(header, "APPLICANT_INCOME_000S"), amount = Array.IndexOf(header, "LOAN_AMOUNT_000S");
        var sb = new StringBuilder(lines[0]).Append(",PREDICTED_SCORE,PREDICTED_RESPONSE\n");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var c = line.Split(',');
            var z = (0.05 * (double.Parse(c[income], CultureInfo.InvariantCulture) - 48.0)) - (0.004 * (double.Parse(c[amount], CultureInfo.InvariantCulture) - 217.0)) + 0.5;
            var s = Math.Round(1.0 / (1.0 + Math.Exp(-z)) * 1000.0, MidpointRounding.ToEven) / 1000.0;
            sb.Append(line).Append(',').Append(s.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(s > 0.5 ? 1 : 0).Append('\n');
        }

        return sb.ToString();
    }
}
