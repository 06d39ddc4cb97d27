using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>On the demo story, a viewer opens V1's explanation: bars, beeswarm and waterfall from a seeded SHAP sample.</summary>
public sealed class ExplainFlowTests() : PortalBrowserTest(seedDemo: true)
{
    [Fact]
    public async Task A_version_is_explained_with_bars_beeswarm_and_a_waterfall()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        await page.GotoAsync($"{Portal.BaseUrl}/models/COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL/versions/V1");
        await page.ClickAsync("[data-testid=explain-link]");
        await page.Locator("[data-testid=explain-form][data-interactive=true]").WaitForAsync();
        await page.ClickAsync("[data-testid=explain-run]");

        await Assertions.Expect(page.Locator("[data-testid=explain-summary]")).ToContainTextAsync("50 rows sampled", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=explain-summary]")).ToContainTextAsync("seed 42");
        Assert.True(await page.Locator("[data-testid=shap-bar-rect]").CountAsync() > 3);
        Assert.True(await page.Locator("[data-testid=shap-dot]").CountAsync() > 100);
        Assert.True(await page.Locator("[data-testid=waterfall-step]").CountAsync() > 2);
        // Folded by default: the one-hot columns of COUNTY_NAME appear as one row.
        await Assertions.Expect(page.Locator("[data-testid=shap-bar]")).ToContainTextAsync("COUNTY_NAME");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("explain-v1"), FullPage = true });
    }
}
