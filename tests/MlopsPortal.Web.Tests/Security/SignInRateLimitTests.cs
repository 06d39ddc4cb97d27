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
}
