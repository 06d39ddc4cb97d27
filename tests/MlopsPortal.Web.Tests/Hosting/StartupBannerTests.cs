using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace MlopsPortal.Web.Tests.Hosting;

/// <summary>
/// The README's first command, as a newcomer runs it: the built portal started as its own process prints, once it
/// listens, the URL, the admin user and where the password came from (never the chosen password itself).
/// </summary>
public sealed class StartupBannerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_MLOPS_ADMIN_PASSWORD_the_banner_names_the_url_the_user_and_the_variable_but_not_the_password()
    {
        const string password = "banner-pass-2026";
        await using var portal = await PortalProcess.StartAsync(new() { ["MLOPS_ADMIN_PASSWORD"] = password });

        Assert.Contains($"MlopsPortal is up on {portal.Url}", portal.Output);
        Assert.Contains("sign in as 'admin'; password: MLOPS_ADMIN_PASSWORD", portal.Output);
        Assert.DoesNotContain(password, portal.Output);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{portal.Url}/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task Without_a_password_the_generated_one_is_printed_once_works_and_the_banner_says_so()
    {
        await using var portal = await PortalProcess.StartAsync(new() { ["MLOPS_ADMIN_PASSWORD"] = "" });

        Assert.Contains("password: generated on this first start and printed above, only this once", portal.Output);
        var line = portal.Output.Split('\n').Single(l => l.Contains("created admin 'admin' with password: ", StringComparison.Ordinal));
        var generated = line[(line.IndexOf("password: ", StringComparison.Ordinal) + "password: ".Length)..].Trim();
        using var http = new HttpClient();
        var token = await http.PostAsJsonAsync($"{portal.Url}/api/auth/token", new { username = "admin", password = generated }, Ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
