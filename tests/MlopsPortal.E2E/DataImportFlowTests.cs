using Microsoft.Playwright;

namespace MlopsPortal.E2E;

public sealed class DataImportFlowTests : PortalBrowserTest
{
    [Fact]
    public async Task A_signed_in_user_imports_the_lab_csv_from_the_browser_and_sees_4800_rows()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        await page.GotoAsync($"{Portal.BaseUrl}/data");
        // Wait for the circuit: before it, the prerendered form does not react.
        await page.Locator("[data-testid=csv-import][data-interactive=true]").WaitForAsync();
        var tableName = page.Locator("input[data-testid=import-table], [data-testid=import-table] input");
        await tableName.FillAsync("INFERENCEMORTGAGEDATA");
        await tableName.PressAsync("Tab");
        await Browser.UploadAsync(page, "csv-import", Browser.LabData("Mortgage_Data.csv"));
        await Assertions.Expect(page.Locator("[data-testid=import-file]")).ToContainTextAsync("Mortgage_Data.csv");
        await page.ClickAsync("[data-testid=import-button]");

        var rows = page.Locator("[data-testid=table-rows]");
        await rows.WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(rows).ToHaveTextAsync("4,800 rows", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("data-import-lab-csv"), FullPage = true });
        await Assertions.Expect(page.Locator("[data-testid=table-name]")).ToHaveTextAsync("INFERENCEMORTGAGEDATA");
        var columns = await page.Locator("[data-testid=table-columns]").TextContentAsync();
        Assert.Contains("WEEK_START_DATE", columns);
        Assert.Contains("MORTGAGERESPONSE", columns);
    }
}
