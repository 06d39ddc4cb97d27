using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlopsPortal.E2E.Security;

/// <summary>
/// Roles in the browser: a Viewer is offered no promotion, and a data scientist demoted by an admin loses the actions on the
/// page already open, within the circuit's revalidation interval (2 s here, Auth:RevalidationSeconds), without reloading.
/// </summary>
public sealed class RoleRevalidationFlowTests : PortalBrowserTest
{
    private const string Model = "ROLE_CHECK_MODEL";
    private const string Password = "e2e-user-pass-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Auth:RevalidationSeconds"] = "2" };

    private async Task<HttpClient> AdminApiAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword }, Ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task AddUserAsync(HttpClient admin, string name, string role) =>
        (await admin.PostAsJsonAsync("/api/admin/users", new { username = name, password = Password, role }, Ct)).EnsureSuccessStatusCode();

    private static async Task ImportVersionAsync(HttpClient admin)
    {
        var fixture = Path.Combine(Browser.RepoRoot(), "tests", "MlopsPortal.Trees.Tests", "Fixtures", "lab.json");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(fixture, Ct)), "artifact", "lab.json" },
            { new StringContent("V1"), "version" },
        };
        (await admin.PostAsync($"/api/models/{Model}/versions", form, Ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_viewer_sees_no_promote_button_and_a_demoted_scientist_loses_the_actions_on_the_open_page()
    {
        using var admin = await AdminApiAsync();
        await ImportVersionAsync(admin);
        await AddUserAsync(admin, "e2e-viewer", "Viewer");
        await AddUserAsync(admin, "e2e-scientist", "DataScientist");

        var viewer = await Chromium.NewPageAsync();
        await Browser.SignInAsync(viewer, Portal.BaseUrl, "e2e-viewer", Password);
        await viewer.GotoAsync($"{Portal.BaseUrl}/models/{Model}");
        await Assertions.Expect(viewer.Locator("[data-testid=version-row][data-version=V1]")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("[data-testid=set-alias]")).ToHaveCountAsync(0);

        var scientist = await Chromium.NewPageAsync();
        await Browser.SignInAsync(scientist, Portal.BaseUrl, "e2e-scientist", Password);
        await scientist.GotoAsync($"{Portal.BaseUrl}/models/{Model}");
        await Assertions.Expect(scientist.Locator("[data-testid=version-row][data-version=V1] [data-testid=set-alias]")).ToBeVisibleAsync();

        (await admin.PutAsJsonAsync("/api/admin/users/e2e-scientist/role", new { role = "Viewer" }, Ct)).EnsureSuccessStatusCode();

        // No reload: the open circuit revalidates and the page re-renders for a Viewer.
        await Assertions.Expect(scientist.Locator("[data-testid=set-alias]")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Assertions.Expect(scientist.Locator("[data-testid=version-row][data-version=V1]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_disabled_users_open_page_is_signed_out()
    {
        using var admin = await AdminApiAsync();
        await AddUserAsync(admin, "e2e-leaver", "DataScientist");
        var page = await Chromium.NewPageAsync();
        await Browser.SignInAsync(page, Portal.BaseUrl, "e2e-leaver", Password);
        await page.GotoAsync($"{Portal.BaseUrl}/models");
        await Assertions.Expect(page.Locator("[data-testid=import-model]")).ToBeVisibleAsync();

        (await admin.PutAsJsonAsync("/api/admin/users/e2e-leaver/disabled", new { disabled = true }, Ct)).EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator("[data-testid=import-model]")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await page.GotoAsync($"{Portal.BaseUrl}/models");
        Assert.Contains("/account/login", page.Url);
    }
}
