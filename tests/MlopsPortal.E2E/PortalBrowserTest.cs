using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>A test class with its own portal on loopback and a headless Debian Chromium, both torn down after it.</summary>
public abstract class PortalBrowserTest(bool seedDemo = false) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected PortalServer Portal { get; private set; } = null!;

    protected IBrowser Chromium { get; private set; } = null!;

    /// <summary>Extra configuration for the portal (e.g. a Snowflake connection), read when it starts.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public virtual async ValueTask InitializeAsync()
    {
        Portal = new PortalServer(seedDemo, Settings);
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Portal.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
