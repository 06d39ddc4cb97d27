using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MlopsPortal.Web.Tests;

/// <summary>
/// The real portal in memory, on its own temporary data directory (real DuckDB, real Hangfire storage).
/// Without the demo story unless a subclass asks for it, so tests own their tables.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    protected virtual bool SeedDemo => false;

    public const string AdminUser = "admin";
    public const string AdminPassword = "admin-pass-123";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mlops-web-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Extra configuration (e.g. Smtp:Port) applied when the host is built; set before the first client.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Many sign-ins from one address per test class: the sign-in limits are tested on their own (SignInRateLimitTests).
        builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "10000");
        builder.UseSetting("RateLimits:SignInPerUserPerMinute", "10000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("MLOPS_DATA_DIR", DataDirectory);
        builder.UseSetting("MLOPS_ADMIN_USER", AdminUser);
        builder.UseSetting("MLOPS_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("MLOPS_SEED_DEMO", SeedDemo ? "true" : "false");
        builder.UseEnvironment("Development"); // serves the packages' static web assets (MudBlazor, blazor.web.js) from the build
    }

    public async Task<HttpClient> ClientForAsync(string user, string password)
    {
        var client = CreateClient(ApiClientOptions());
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = user, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.Token;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Options of the API clients (a factory on a real port points them at it).</summary>
    protected virtual WebApplicationFactoryClientOptions ApiClientOptions() => new() { AllowAutoRedirect = false };

    public Task<HttpClient> AdminClientAsync() => ClientForAsync(AdminUser, AdminPassword);

    /// <summary>Creates a user through the API (as the admin) and returns a client signed in as them.</summary>
    public async Task<HttpClient> ClientWithRoleAsync(string role)
    {
        var admin = await AdminClientAsync();
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username = name, password = "password-123", role });
        created.EnsureSuccessStatusCode();
        return await ClientForAsync(name, "password-123");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private sealed record TokenBody(string Token);
}

/// <summary>The portal as a new user meets it: first start with the demo story seeded.</summary>
public sealed class DemoPortalFactory : PortalFactory
{
    protected override bool SeedDemo => true;
}
