using Microsoft.Playwright;

namespace MlopsPortal.E2E.Registry;

/// <summary>Import through the wizard (SageMaker archive + sample CSV header, then a JSON model), promote, roll back.</summary>
public sealed class RegistryFlowTests : PortalBrowserTest
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "MlopsPortal.Trees.Tests", "Fixtures", name);
    }

    private async Task ImportAsync(IPage page, string artifact, string version, string? sampleCsv)
    {
        await page.GotoAsync($"{Portal.BaseUrl}/models/import?model={Model}");
        await page.Locator("[data-testid=import-wizard][data-interactive=true]").WaitForAsync();
        await Browser.UploadAsync(page, "artifact-file", Fixture(artifact));
        await Assertions.Expect(page.Locator("[data-testid=artifact-file]")).ToContainTextAsync(artifact);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=artifact-summary]")).ToContainTextAsync("8 features");
        if (sampleCsv is not null)
        {
            await Browser.UploadAsync(page, "sample-csv", Fixture(sampleCsv));
            await Assertions.Expect(page.Locator("[data-testid=features-input]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^WEEK,LOAN_ID"));
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        var versionName = page.Locator("[data-testid=version-name]");
        await versionName.FillAsync(version);
        await versionName.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await page.WaitForURLAsync($"**/models/{Model}/versions/{version}", new() { Timeout = 30_000 });
    }

    private static async Task PromoteAsync(IPage page, string version, string reason)
    {
        await page.Locator($"[data-testid=version-row][data-version={version}] [data-testid=set-alias]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=promotion-summary]")).ToContainTextAsync($"→ {version}");
        await page.Locator("[data-testid=reason-input]").FillAsync(reason);
        await page.ClickAsync("[data-testid=promotion-confirm]");
        await Assertions.Expect(page.Locator($"[data-testid=version-row][data-version={version}] [data-alias=PRODUCTION]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Import_through_the_wizard_promote_v2_to_production_and_roll_back()
    {
        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);

        await ImportAsync(page, "lab.tar.gz", "V1", "lab.input.csv");
        await Assertions.Expect(page.Locator("[data-testid=lineage-source]")).ToContainTextAsync("SageMaker");
        await ImportAsync(page, "lab.json", "V2", null);

        await page.GotoAsync($"{Portal.BaseUrl}/models/{Model}");
        await page.Locator("[data-testid=versions-title][data-interactive=true]").WaitForAsync();
        await PromoteAsync(page, "V1", "migrated from SageMaker");
        await PromoteAsync(page, "V2", "retrained on new data");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("registry-v2-production"), FullPage = true });

        await page.Locator("[data-testid=audit-row]").First.Locator("[data-testid=rollback]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=version-row][data-version=V1] [data-alias=PRODUCTION]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-row]").First).ToContainTextAsync("ROLLBACK");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("registry-rolled-back"), FullPage = true });
    }
}
