using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>
/// Issue 18: a file of several megabytes imported from the browser shows how much of it has been read while it streams
/// into the warehouse, and every row arrives.
/// </summary>
public sealed class LargeUploadFlowTests : PortalBrowserTest
{
    private const int Rows = 200_000;

    [Fact]
    public async Task A_large_csv_upload_shows_its_progress_rising_and_imports_every_row()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlops-large-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, Csv(), TestContext.Current.CancellationToken);
        try
        {
            var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
            await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);
            await page.GotoAsync($"{Portal.BaseUrl}/data");
            await page.Locator("[data-testid=csv-import][data-interactive=true]").WaitForAsync();
            var tableName = page.Locator("input[data-testid=import-table], [data-testid=import-table] input");
            await tableName.FillAsync("BIG_UPLOAD");
            await tableName.PressAsync("Tab");
            await Browser.UploadAsync(page, "csv-import", file);
            await Assertions.Expect(page.Locator("[data-testid=import-file]")).ToContainTextAsync(Path.GetFileName(file));

            // Every progress text the page shows is recorded as it changes (the upload may be quicker than polling).
            await page.EvaluateAsync("""
                () => {
                  window.__progress = [];
                  new MutationObserver(() => {
                    const el = document.querySelector('[data-testid=import-progress]');
                    if (el && window.__progress.at(-1) !== el.textContent) window.__progress.push(el.textContent);
                  }).observe(document.body, { subtree: true, childList: true, characterData: true });
                }
                """);
            await page.ClickAsync("[data-testid=import-button]");

            await Assertions.Expect(page.Locator("[data-testid=table-rows]")).ToHaveTextAsync($"{Rows:N0} rows", new() { Timeout = 120_000 });
            await Assertions.Expect(page.Locator("[data-testid=table-name]")).ToHaveTextAsync("BIG_UPLOAD");
            var seen = JsonSerializer.Deserialize<string[]>(await page.EvaluateAsync<string>("() => JSON.stringify(window.__progress)"))!;
            var shares = seen.Select(s => int.Parse(s.Trim().Split(' ', '%')[0], CultureInfo.InvariantCulture)).ToList();
            Assert.True(shares.Count >= 3, $"progress shown: {string.Join(" | ", seen)}");
            Assert.Contains(shares, s => s is > 0 and < 100);
            Assert.Equal(shares.Order().ToList(), shares); // it only rises
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("data-import-large-csv"), FullPage = true });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Csv()
    {
        var csv = new StringBuilder("ID,AMOUNT,RATE,REGION\n", Rows * 40);
        for (var i = 0; i < Rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{i * 17 % 100_000},{i % 997 / 997.0:0.000000},REGION_{i % 50}\n");
        return csv.ToString();
    }
}
