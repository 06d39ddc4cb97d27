using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>
/// Threat: an alert's webhook used to reach the portal's own network (loopback services, cloud metadata, private hosts).
/// Saving such a webhook is refused (400, nothing stored) without connecting anywhere; the alerts HttpClient itself refuses
/// loopback unless allow-listed, and does not follow redirects. The only traffic is to a loopback listener of the test.
/// </summary>
public sealed class WebhookTargetTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "127.0.0.1")]
    [InlineData("http://localhost:9/hook", "localhost")]
    [InlineData("http://[::1]:9/hook", "::1")]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("https://192.168.0.10/hook", "192.168.0.10")]
    [InlineData("http://172.20.0.5/hook", "172.20.0.5")]
    [InlineData("http://[fd00::1]/hook", "fd00::1")]
    [InlineData("http://0.0.0.0/hook", "0.0.0.0")]
    public async Task A_webhook_to_a_non_public_address_is_refused_and_nothing_is_stored(string webhook, string named)
    {
        var admin = await portal.AdminClientAsync();
        var name = "HOOK_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var response = await admin.PostAsJsonAsync("/api/alerts", new
        {
            name, monitor = "ANY_MONITOR", metric = "F1_SCORE", comparator = "<", threshold = 0.7, lastDays = 7, webhook,
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("not a public address", detail);
        Assert.Contains(named, detail);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/alerts/{name}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_non_http_webhook_is_refused()
    {
        var admin = await portal.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/alerts", new
        {
            name = "FILE_HOOK", monitor = "ANY_MONITOR", metric = "F1_SCORE", comparator = "<", threshold = 0.7, lastDays = 7, webhook = "file:///etc/passwd",
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an http(s) URL", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_alerts_client_refuses_loopback_at_connect_time_without_reaching_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = portal.Services.GetRequiredService<IHttpClientFactory>().CreateClient("alerts");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsJsonAsync($"http://127.0.0.1:{port}/hook", new { }, Ct));
        Assert.Contains("not a public address", error.ToString());
        Assert.False(listener.Pending(), "the refused request still connected");
    }
}

/// <summary>With the host allow-listed by an admin (Alerts:WebhookAllowedHosts) the same loopback target is reached; redirects are not followed.</summary>
public sealed class AllowListedWebhookTests : IClassFixture<AllowListedWebhookTests.Portal>
{
    public sealed class Portal : PortalFactory
    {
        public Portal() => Settings["Alerts:WebhookAllowedHosts"] = "127.0.0.1";
    }

    private readonly Portal _portal;

    public AllowListedWebhookTests(Portal portal) => _portal = portal;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_allow_listed_loopback_host_receives_the_post_and_a_redirect_is_returned_not_followed()
    {
        using var server = new HttpListener();
        var port = FreePort();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var received = new List<string>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await server.GetContextAsync();
                received.Add(context.Request.Url!.AbsolutePath);
                if (context.Request.Url.AbsolutePath == "/redirect")
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = $"http://127.0.0.1:{port}/followed";
                }
                context.Response.Close();
            }
        }, Ct);
        using var client = _portal.Services.GetRequiredService<IHttpClientFactory>().CreateClient("alerts");

        var ok = await client.PostAsJsonAsync($"http://127.0.0.1:{port}/hook", new { alert = "A" }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var redirected = await client.PostAsJsonAsync($"http://127.0.0.1:{port}/redirect", new { alert = "A" }, Ct);
        Assert.Equal(HttpStatusCode.Found, redirected.StatusCode);
        await serving.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(["/hook", "/redirect"], received);

        // Saving an alert with the allow-listed host passes the webhook check (it then fails on the missing monitor).
        var admin = await _portal.AdminClientAsync();
        var saved = await admin.PostAsJsonAsync("/api/alerts", new
        {
            name = "ALLOWED_HOOK", monitor = "NO_SUCH_MONITOR", metric = "F1_SCORE", comparator = "<", threshold = 0.7, lastDays = 7,
            webhook = $"http://127.0.0.1:{port}/hook",
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Contains("NO_SUCH_MONITOR does not exist", await saved.Content.ReadAsStringAsync(Ct));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
