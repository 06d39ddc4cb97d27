using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MlopsPortal.E2E;

/// <summary>
/// The real portal on a real Kestrel port on loopback, on its own temporary data directory,
/// for a real browser (Debian's Chromium through Playwright) to drive.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "e2e-admin-pass";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mlops-e2e", Guid.NewGuid().ToString("N"));

    private readonly bool _seedDemo;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="seedDemo">Start as a new user would, with the demo story; tests that own their data say no.</param>
    /// <param name="settings">Extra configuration, applied before the portal's own.</param>
    public PortalServer(bool seedDemo = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        _seedDemo = seedDemo;
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(0);
        StartServer();
    }

    public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Many sign-ins from one address per test class: the sign-in limits are tested on their own (SignInRateLimitTests).
        builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "10000");
        builder.UseSetting("RateLimits:SignInPerUserPerMinute", "10000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.UseSetting("MLOPS_DATA_DIR", DataDirectory);
        builder.UseSetting("MLOPS_ADMIN_USER", AdminUser);
        builder.UseSetting("MLOPS_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("MLOPS_SEED_DEMO", _seedDemo ? "true" : "false");
        builder.UseEnvironment("Development"); // serves the packages' static web assets (MudBlazor, blazor.web.js) from the build
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
