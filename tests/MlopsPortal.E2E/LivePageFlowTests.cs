using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>A page that starts a background job shows its result when the job ends, with a toast, without a reload.</summary>
public sealed class LivePageFlowTests : PortalBrowserTest
{
    [Fact]
    public async Task A_monitor_dashboard_draws_its_charts_when_the_refresh_it_started_ends()
    {
        await CreateMonitorAsync();
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);
        await page.GotoAsync($"{Portal.BaseUrl}/monitoring/LIVE_MONITOR");
        await page.Locator("[data-testid=monitor-dashboard][data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("[data-testid=no-metrics]").WaitForAsync(new() { Timeout = 30_000 });
        var url = page.Url;
        await page.EvaluateAsync("() => window.__sameDocument = true"); // gone if the page were reloaded

        await page.ClickAsync("[data-testid=refresh-monitor]");

        await page.Locator("[data-testid=performance-chart] [data-testid=chart-line]").First.WaitForAsync(new() { Timeout = 120_000 });
        await page.Locator(".mud-snackbar", new() { HasText = "Refresh of LIVE_MONITOR finished" }).WaitForAsync(new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        Assert.Equal(url, page.Url);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-monitor-refreshed"), FullPage = true });
    }

    private async Task CreateMonitorAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
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
            name = "LIVE_MONITOR", model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", version = "V1", source = "PREDICTIONS_WITH_GROUND_TRUTH",
            baseline = "BASELINE_PREDICTIONS", timestampColumn = "WEEK_START_DATE", aggregationWindowDays = 7, idColumns = new[] { "LOAN_ID", "WEEK", "TS" },
            predictionClassColumns = new[] { "PREDICTED_RESPONSE" }, predictionScoreColumns = new[] { "PREDICTED_SCORE" },
            actualClassColumns = new[] { "MORTGAGERESPONSE" }, refreshInterval = "1 day",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

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
            var s = 1.0 / (1.0 + Math.Exp(-z));
            sb.Append(line).Append(',').Append(s.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(s > 0.5 ? 1 : 0).Append('\n');
        }

        return sb.ToString();
    }
}
