using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>A manager (Viewer) opens a freshly started demo portal: the first screen shows the model in production and its health.</summary>
public sealed class OverviewFlowTests() : PortalBrowserTest(seedDemo: true)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_manager_sees_the_production_model_its_f1_and_the_demo_monitor_on_the_first_screen()
    {
        using (var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) })
        {
            var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
            (await http.PostAsJsonAsync("/api/admin/users", new { username = "manager", password = "manager-pass-1", role = "Viewer" }, Ct)).EnsureSuccessStatusCode();
        }

        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, "manager", "manager-pass-1");
        var row = page.Locator("[data-testid=production-row][data-model=COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL]");
        // The demo's monitor is created and refreshed once its scoring runs end: reload until the row shows its F1.
        for (var i = 0; i < 90 && !await HasF1Async(row); i++)
        {
            await page.GotoAsync(Portal.BaseUrl + "/");
            await page.Locator("[data-testid=production-models]").WaitForAsync(new() { Timeout = 60_000 });
            await Task.Delay(1000, Ct);
        }

        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("V1");
        await Assertions.Expect(row.Locator("[data-testid=health-dashboard]")).ToHaveAttributeAsync("href", "/monitoring/DEMO_V1_MONITOR");
        await Assertions.Expect(row.Locator("[data-testid=health-f1]")).ToContainTextAsync("0.");
        await Assertions.Expect(row.Locator("[data-testid=health-drift]")).Not.ToHaveTextAsync("no monitor");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("overview-manager-demo"), FullPage = true });
    }

    private static async Task<bool> HasF1Async(ILocator row) =>
        await row.CountAsync() == 1 && (await row.Locator("[data-testid=health-f1]").TextContentAsync())?.Contains("0.", StringComparison.Ordinal) == true;
}
