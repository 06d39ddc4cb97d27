using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>
/// Every page, at 1280×800 and 1920×1080, as an admin and as a manager (Viewer), on the demo story: no element reaches
/// past the viewport's right edge (measured in the page, scrolled containers included, since an action scrolled out of
/// a table is as lost as one cut off), and the model page's promote action is visible and opens its dialog.
/// Screenshots of each page at each size are kept for people to look at.
/// </summary>
public sealed class LayoutFitTests() : PortalBrowserTest(seedDemo: true)
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";

    private static readonly string[] Pages =
    [
        "/", "/lab", "/data", "/data/INFERENCEMORTGAGEDATA", "/jobs", "/admin", "/models", $"/models/{Model}",
        $"/models/{Model}/versions/V1", $"/models/{Model}/versions/V1/explain", $"/models/{Model}/compare", "/models/import",
        "/scoring", "/monitoring", "/monitoring/new", "/alerts", "/retraining", "/feature-store", "/feature-store/recipes/edit",
        "/snowflake",
    ];

    /// <summary>
    /// Elements whose box ends right of the viewport. Skipped: invisible boxes, SVG internals (the SVG itself is measured),
    /// closed popovers, the snackbar's off-screen entry animation, and the cells of the Data page's preview grid, a
    /// horizontal scroller by design (a table has more columns than any screen).
    /// </summary>
    private const string OverflowScript = """
        () => {
          const width = document.documentElement.clientWidth;
          const found = [];
          if (document.documentElement.scrollWidth > width + 1) found.push('document scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
          for (const el of document.querySelectorAll('body *')) {
            if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
            if (el.closest('.mud-popover:not(.mud-popover-open), .mud-snackbar-location-bottom-right, .mud-tooltip-root .mud-popover')) continue;
            if (el.closest('[data-testid=table-grid] .mud-table-container')) continue; // the data preview scrolls its columns by design
            const r = el.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) continue;
            const s = getComputedStyle(el);
            if (s.visibility === 'hidden' || s.opacity === '0') continue;
            if (r.right > width + 1) {
              const id = el.getAttribute('data-testid') || el.id || (typeof el.className === 'string' ? el.className.split(' ').slice(0, 2).join('.') : '');
              found.push(el.tagName.toLowerCase() + '[' + id + '] "' + (el.textContent || '').trim().slice(0, 40) + '" right=' + Math.round(r.right) + ' > ' + width);
            }
          }
          return found.slice(0, 12);
        }
        """;

    [Fact]
    public async Task No_page_overflows_at_1280_or_1920_and_promotion_stays_in_reach()
    {
        await AddManagerAsync();
        var failures = new List<string>();
        foreach (var (user, password) in new[] { (PortalServer.AdminUser, PortalServer.AdminPassword), ("manager", "manager-pass-1") })
        {
            foreach (var (width, height) in new[] { (1280, 800), (1920, 1080) })
            {
                var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
                await Browser.SignInAsync(page, Portal.BaseUrl, user, password);
                foreach (var path in Pages)
                {
                    await OpenAsync(page, path);
                    foreach (var line in await page.EvaluateAsync<string[]>(OverflowScript))
                        failures.Add($"{user} {width}px {path}: {line}");
                    await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"fit-{user}-{width}{(path == "/" ? "-overview" : path.Replace('/', '-'))}"), FullPage = true });
                }

                if (user == PortalServer.AdminUser) await PromoteIsInReachAsync(page, width, failures);
                await page.CloseAsync();
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task PromoteIsInReachAsync(IPage page, int width, List<string> failures)
    {
        await OpenAsync(page, $"/models/{Model}");
        var setAlias = page.Locator("[data-testid=set-alias]").First;
        await setAlias.WaitForAsync();
        var box = await setAlias.BoundingBoxAsync();
        if (box is null || box.X < 0 || box.X + box.Width > width)
            failures.Add($"{width}px: SET ALIAS is outside the viewport ({box?.X}+{box?.Width})");
        await setAlias.ClickAsync();
        await page.Locator(".mud-dialog").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"fit-admin-{width}-promote-dialog") });
    }

    private async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(Portal.BaseUrl + path);
        await page.Locator(".mud-appbar[data-interactive=true], .account-page").First.WaitForAsync(new() { Timeout = 60_000 }); // a Viewer is shown the access-denied page for editors' forms
        await page.WaitForTimeoutAsync(1500); // the page's own data arrives over the circuit just after it turns interactive
    }

    private async Task AddManagerAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        (await http.PostAsJsonAsync("/api/admin/users", new { username = "manager", password = "manager-pass-1", role = "Viewer" })).EnsureSuccessStatusCode();
    }
}
