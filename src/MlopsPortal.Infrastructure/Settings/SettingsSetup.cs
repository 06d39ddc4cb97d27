using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Infrastructure.Settings;

public static class SettingsSetup
{
    /// <summary>
    /// Data Protection with its keys under the data directory (so cookies and stored secrets survive restarts), and the
    /// store of settings entered in the portal.
    /// </summary>
    public static IHostApplicationBuilder AddPortalSettings(this IHostApplicationBuilder builder)
    {
        var keysDir = Path.Combine(PortalPaths.DataDirectory(builder.Configuration), "keys");
        builder.Services.AddDataProtection()
            .SetApplicationName("MlopsPortal")
            .PersistKeysToFileSystem(new DirectoryInfo(keysDir));
        builder.Services.AddSingleton<ProtectedSettingsStore>();
        return builder;
    }
}
