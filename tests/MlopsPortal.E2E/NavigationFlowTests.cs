using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>Walks every section as an admin and as a viewer; screenshots each page for people to look at.</summary>
public sealed class NavigationFlowTests : PortalBrowserTest
{
    [Fact]
    public async Task Every_section_opens_and_says_plainly_what_is_not_built_yet()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        foreach (var (path, heading) in new[]
                 {
                     ("/", "Overview"), ("/lab", "Lab checks"), ("/data", "Data"), ("/jobs", "Jobs"), ("/admin", "Admin"),
                     ("/models", "Models"), ("/scoring", "Scoring"), ("/monitoring", "Monitoring"), ("/alerts", "Alerts"),
                     ("/retraining", "Retraining"), ("/feature-store", "Feature Store"),
                 })
        {
            await page.GotoAsync(Portal.BaseUrl + path);
            await Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync(heading);
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("page" + (path == "/" ? "-overview" : path.Replace('/', '-'))) });
        }

        await page.GotoAsync(Portal.BaseUrl + "/lab");
        await Assertions.Expect(page.Locator("[data-testid=check-SEAI51] [data-testid=status]")).ToHaveTextAsync("not yet");
    }

    [Fact]
    public async Task A_wrong_password_is_told_and_keeps_the_user_on_the_sign_in_page()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{Portal.BaseUrl}/data");
        Assert.Contains("/account/login", page.Url);

        await page.FillAsync("#username", PortalServer.AdminUser);
        await page.FillAsync("#password", "wrong");
        await page.ClickAsync("#sign-in");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("wrong password");
    }

    [Fact]
    public async Task The_dark_mode_toggle_switches_the_theme()
    {
        var page = await Chromium.NewPageAsync();
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);
        await page.Locator("header[data-interactive=true], [data-interactive=true] [data-testid=theme-toggle], .mud-appbar[data-interactive=true]").First.WaitForAsync();
        var before = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");

        await page.ClickAsync("[data-testid=theme-toggle]");

        await page.WaitForFunctionAsync(
            "b => getComputedStyle(document.body).backgroundColor !== b", before);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dark-mode") });
    }
}
