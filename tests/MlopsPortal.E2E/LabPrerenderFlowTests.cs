using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>
/// The Lab page's checks are in the prerendered HTML (a browser without JavaScript sees them) and stay on screen while
/// the interactive render takes over: it must not flash an empty page between the two.
/// </summary>
public sealed class LabPrerenderFlowTests : PortalBrowserTest
{
    private static readonly string[] CheckIds = ["SEAI50", "SEAI51", "SEAI52", "SEAI53", "SEAI54"];

    // Installed before the page's own scripts: after every DOM change (each render batch Blazor applies is its own task,
    // so an empty intermediate render is seen here), records the number of check cards whenever it changes.
    private const string CountCardsOnEveryChange = """
        window.__labCardCounts = [];
        new MutationObserver(() => {
            const n = document.querySelectorAll('[data-testid^="check-SEAI"]').length;
            const counts = window.__labCardCounts;
            if (counts.length === 0 || counts[counts.length - 1] !== n) counts.push(n);
        }).observe(document, { childList: true, subtree: true });
        """;

    [Fact]
    public async Task The_checks_are_prerendered_and_stay_visible_through_the_interactive_render()
    {
        var signedIn = await Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await signedIn.NewPageAsync();
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        // Without JavaScript the browser shows only what the server prerendered.
        var noScript = await Chromium.NewContextAsync(new()
        {
            JavaScriptEnabled = false, StorageState = await signedIn.StorageStateAsync(), ViewportSize = new() { Width = 1400, Height = 1000 },
        });
        var prerendered = await noScript.NewPageAsync();
        await prerendered.GotoAsync($"{Portal.BaseUrl}/lab");
        await Assertions.Expect(prerendered.Locator("[data-testid=lab-checks]")).ToHaveAttributeAsync("data-interactive", "false");
        foreach (var id in CheckIds)
            await Assertions.Expect(prerendered.Locator($"[data-testid=check-{id}] [data-testid=status]")).ToBeVisibleAsync();
        await Assertions.Expect(prerendered.Locator("[data-testid=check-SEAI51] [data-testid=status]")).ToHaveTextAsync("not yet");
        await Assertions.Expect(prerendered.GetByText("of 5 hold")).ToBeVisibleAsync();
        await prerendered.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("lab-prerendered-no-js"), FullPage = true });

        // With JavaScript: the interactive render replaces the prerendered one without an empty render in between.
        await page.AddInitScriptAsync(CountCardsOnEveryChange);
        await page.GotoAsync($"{Portal.BaseUrl}/lab");
        await page.Locator("[data-testid=lab-checks][data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid^=check-SEAI]")).ToHaveCountAsync(CheckIds.Length);
        await Assertions.Expect(page.Locator("[data-testid=check-SEAI51] [data-testid=status]")).ToHaveTextAsync("not yet");
        await Assertions.Expect(page.GetByText("of 5 hold")).ToBeVisibleAsync();
        var counts = await page.EvaluateAsync<int[]>("window.__labCardCounts");
        var firstFull = Array.IndexOf(counts, CheckIds.Length);
        Assert.True(firstFull >= 0, $"The cards never all showed: counts seen {string.Join(", ", counts)}.");
        Assert.All(counts[firstFull..], n => Assert.Equal(CheckIds.Length, n));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("lab-interactive"), FullPage = true });

        // Still live: "Check now" re-reads the checks on the interactive page.
        var checkedAt = await page.GetByText("of 5 hold").TextContentAsync();
        await page.WaitForTimeoutAsync(1_100);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
        await Assertions.Expect(page.GetByText("of 5 hold")).Not.ToHaveTextAsync(checkedAt!);

        // Reached by a client-side navigation (nothing prerendered to carry over), the page reads the checks itself.
        await page.GetByRole(AriaRole.Link, new() { Name = "Data" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync("Data");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lab checks" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid^=check-SEAI]")).ToHaveCountAsync(CheckIds.Length);
        await Assertions.Expect(page.GetByText("of 5 hold")).ToBeVisibleAsync();
    }
}
