using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>On a first start with the demo story, a data scientist previews and starts a scoring run from the form and watches it finish.</summary>
public sealed class ScoringFlowTests() : PortalBrowserTest(seedDemo: true)
{
    [Fact]
    public async Task A_run_started_from_the_form_is_previewed_then_finishes_in_the_runs_list()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        await page.GotoAsync($"{Portal.BaseUrl}/scoring");
        await page.Locator("[data-testid=new-run][data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=run-model]")).ToContainTextAsync("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", new() { Timeout = 30_000 });
        var output = page.Locator("input[data-testid=run-output], [data-testid=run-output] input");
        await output.FillAsync("E2E_SCORED");
        await output.PressAsync("Tab");

        await page.ClickAsync("[data-testid=run-preview]");
        await Assertions.Expect(page.Locator("[data-testid=run-preview-table] tbody tr")).ToHaveCountAsync(10, new() { Timeout = 30_000 });
        await page.ClickAsync("[data-testid=run-start]");

        var row = page.Locator("[data-testid=runs-table] tr", new() { HasText = "E2E_SCORED" });
        await Assertions.Expect(row.Locator("[data-testid=job-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(row.Locator("[data-testid=run-rows]")).ToHaveTextAsync("4,800");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("scoring-run-finished"), FullPage = true });

        // The same run as a nightly schedule: a bad cron is named, a good one shows its next five firings.
        await page.ClickAsync("[data-testid=run-schedule]");
        var cron = page.Locator("input[data-testid=schedule-cron], [data-testid=schedule-cron] input");
        await cron.FillAsync("0 25 * * *");
        await Assertions.Expect(page.Locator("[data-testid=schedule-cron-error]")).ToContainTextAsync("0 25 * * *");
        await cron.FillAsync("15 2 * * *");
        await Assertions.Expect(page.Locator("[data-testid=schedule-next]")).ToContainTextAsync("02:15");
        await page.Locator("input[data-testid=schedule-name], [data-testid=schedule-name] input").FillAsync("NIGHTLY_E2E");
        await page.Locator("input[data-testid=schedule-name], [data-testid=schedule-name] input").PressAsync("Tab");
        await page.ClickAsync("[data-testid=schedule-save]");
        var schedule = page.Locator("[data-testid=schedules] tr", new() { HasText = "NIGHTLY_E2E" });
        await Assertions.Expect(schedule).ToContainTextAsync("active", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("scoring-schedule-saved"), FullPage = true });
        await schedule.Locator("[data-testid=schedule-pause]").ClickAsync();
        await Assertions.Expect(schedule).ToContainTextAsync("paused");

        await page.GotoAsync($"{Portal.BaseUrl}/lab");
        await Assertions.Expect(page.Locator("[data-testid=check-SEAI51] [data-testid=status]")).ToHaveTextAsync("holds", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("lab-checks-after-phase-1"), FullPage = true });
    }
}
