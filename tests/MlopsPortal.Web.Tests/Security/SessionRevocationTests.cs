using System.Net;
using System.Net.Http.Json;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>
/// Threat: a role change, a disabled account or a reset password waits for the token to expire. Through the real API on a
/// real DuckDB file: each change applies to an already-issued token on its next request.
/// </summary>
public sealed class SessionRevocationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Name, HttpClient Client)> UserAsync(string role, string password = "password-123")
    {
        var admin = await portal.AdminClientAsync();
        var name = $"u{Guid.NewGuid():N}"[..12];
        (await admin.PostAsJsonAsync("/api/admin/users", new { username = name, password, role }, Ct)).EnsureSuccessStatusCode();
        return (name, await portal.ClientForAsync(name, password));
    }

    private async Task<HttpStatusCode> SignInAsync(string name, string password) =>
        (await portal.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = name, password }, Ct)).StatusCode;

    [Fact]
    public async Task A_demoted_users_open_token_loses_the_role_at_once()
    {
        var (name, scientist) = await UserAsync("DataScientist");
        var admin = await portal.AdminClientAsync();
        (await admin.PutAsJsonAsync($"/api/admin/users/{name}/role", new { role = "Viewer" }, Ct)).EnsureSuccessStatusCode();

        // Creating an alert needs DataScientist: the old token now carries Viewer, so it is refused (403) and nothing is created.
        var refused = await scientist.PostAsJsonAsync("/api/alerts", new { name = "DEMOTED_ALERT", monitor = "NO_SUCH", metric = "F1_SCORE", threshold = 0.7, lastDays = 7 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("is a Viewer", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/alerts/DEMOTED_ALERT", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_user_loses_the_open_token_and_cannot_sign_in_until_enabled()
    {
        var (name, viewer) = await UserAsync("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/alerts", Ct)).StatusCode);
        var admin = await portal.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/users/{name}/disabled", new { disabled = true }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.GetAsync("/api/alerts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(name, "password-123"));
        var listed = await admin.GetFromJsonAsync<List<UserRow>>("/api/admin/users", Ct);
        Assert.True(listed!.Single(u => u.Username == name).Disabled);

        (await admin.PutAsJsonAsync($"/api/admin/users/{name}/disabled", new { disabled = false }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(name, "password-123"));
        // The token from before the disabling stays dead: its stamp is stale.
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.GetAsync("/api/alerts", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_open_tokens_and_only_the_new_password_works()
    {
        var (name, viewer) = await UserAsync("Viewer");
        var admin = await portal.AdminClientAsync();
        var weak = await admin.PutAsJsonAsync($"/api/admin/users/{name}/password", new { password = "short" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("at least 8 characters", await weak.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/alerts", Ct)).StatusCode); // the refused reset changed nothing

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/users/{name}/password", new { password = "brand-new-pass-1" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.GetAsync("/api/alerts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(name, "password-123"));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(name, "brand-new-pass-1"));
    }

    [Fact]
    public async Task Users_change_their_own_password_only_by_proving_the_current_one()
    {
        var (name, viewer) = await UserAsync("Viewer");
        var wrong = await viewer.PostAsJsonAsync("/api/account/password", new { currentPassword = "not-it-at-all", newPassword = "another-pass-9" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("current password is wrong", await wrong.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(name, "password-123"));

        var placeholder = await viewer.PostAsJsonAsync("/api/account/password", new { currentPassword = "password-123", newPassword = "change-me" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, placeholder.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await viewer.PostAsJsonAsync("/api/account/password", new { currentPassword = "password-123", newPassword = "another-pass-9" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.GetAsync("/api/alerts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(name, "another-pass-9"));
    }

    [Fact]
    public async Task Only_admins_disable_or_reset_and_a_refused_attempt_changes_nothing()
    {
        var (target, _) = await UserAsync("Viewer");
        var (_, scientist) = await UserAsync("DataScientist");
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.PutAsJsonAsync($"/api/admin/users/{target}/disabled", new { disabled = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.PutAsJsonAsync($"/api/admin/users/{target}/password", new { password = "taken-over-123" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(target, "password-123"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(target, "taken-over-123"));

        var admin = await portal.AdminClientAsync();
        var self = await admin.PutAsJsonAsync($"/api/admin/users/{PortalFactory.AdminUser}/disabled", new { disabled = true }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(PortalFactory.AdminUser, PortalFactory.AdminPassword));
    }

    [Fact]
    public async Task A_browser_cookie_is_ended_by_disabling_and_follows_a_role_change()
    {
        var (name, _) = await UserAsync("DataScientist");
        var browser = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await browser.GetStringAsync("/account/login", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name, ["password"] = "password-123", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/alerts", Ct)).StatusCode);

        var admin = await portal.AdminClientAsync();
        (await admin.PutAsJsonAsync($"/api/admin/users/{name}/role", new { role = "Viewer" }, Ct)).EnsureSuccessStatusCode();
        var demoted = await browser.PostAsJsonAsync("/api/alerts", new { name = "COOKIE_ALERT", monitor = "NO_SUCH", metric = "F1_SCORE", threshold = 0.7, lastDays = 7 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, demoted.StatusCode);

        (await admin.PutAsJsonAsync($"/api/admin/users/{name}/disabled", new { disabled = true }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/alerts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/models", Ct)).StatusCode);
    }

    private sealed record UserRow(string Username, string Role, bool Disabled);
}
