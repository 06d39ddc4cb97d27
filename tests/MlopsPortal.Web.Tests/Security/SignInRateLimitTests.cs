using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>
/// Threat: password guessing and token farming at full speed. Sign-in (/api/auth/token and the login form) is limited per
/// client address and per user name; the refusal is 429 with Retry-After and a problem detail naming the limit.
/// </summary>
public sealed class SignInRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PortalFactory Portal(int perAddress, int perUser)
    {
        var portal = new PortalFactory();
        portal.Settings["RateLimits:SignInPerAddressPerMinute"] = perAddress.ToString();
        portal.Settings["RateLimits:SignInPerUserPerMinute"] = perUser.ToString();
        return portal;
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string named)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains(named, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task One_user_name_is_limited_even_with_the_right_password()
    {
        await using var portal = Portal(perAddress: 1000, perUser: 3);
        var client = portal.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalFactory.AdminPassword }, Ct)).StatusCode);
        var fourth = await client.PostAsJsonAsync("/api/auth/token", new { username = "ADMIN", password = PortalFactory.AdminPassword }, Ct);
        await AssertTooManyAsync(fourth, "RateLimits:SignInPerUserPerMinute");
        Assert.DoesNotContain("token", await fourth.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task One_address_is_limited_across_user_names_on_the_api_and_the_login_form()
    {
        await using var portal = Portal(perAddress: 4, perUser: 1000);
        var client = portal.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/token", new { username = $"guess{i}", password = "wrong-password" }, Ct)).StatusCode);
        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalFactory.AdminPassword }, Ct),
            "RateLimits:SignInPerAddressPerMinute");
        // The login form post shares the address's budget (the limiter answers before anti-forgery or the password check).
        var form = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = "x" }), Ct);
        await AssertTooManyAsync(form, "RateLimits:SignInPerAddressPerMinute");
    }

    [Fact]
    public async Task Behind_the_scale_profiles_proxy_each_forwarded_client_has_its_own_budget_and_without_it_the_header_is_ignored()
    {
        // The compose profile `scale` turns on ASP.NET Core's forwarded headers (ASPNETCORE_FORWARDEDHEADERS_ENABLED)
        // because every request reaches the replicas from nginx; the limit must follow the client nginx names.
        await using var proxied = Portal(perAddress: 2, perUser: 1000);
        proxied.Settings["FORWARDEDHEADERS_ENABLED"] = "true";
        var client = proxied.CreateClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInFromAsync(client, "203.0.113.7", $"guess{i}")).StatusCode);
        await AssertTooManyAsync(await SignInFromAsync(client, "203.0.113.7", "guess3"), "RateLimits:SignInPerAddressPerMinute");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInFromAsync(client, "198.51.100.9", "guess4")).StatusCode);

        // Exposed directly (the default), a client cannot dodge its limit by writing the header itself.
        await using var direct = Portal(perAddress: 2, perUser: 1000);
        var attacker = direct.CreateClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInFromAsync(attacker, $"192.0.2.{i}", $"guess{i}")).StatusCode);
        await AssertTooManyAsync(await SignInFromAsync(attacker, "192.0.2.99", "guess3"), "RateLimits:SignInPerAddressPerMinute");
    }

    private static Task<HttpResponseMessage> SignInFromAsync(HttpClient client, string forwardedFor, string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { username = user, password = "wrong-password" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, Ct);
    }
}
