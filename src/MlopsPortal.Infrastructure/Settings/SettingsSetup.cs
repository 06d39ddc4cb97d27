using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlopsPortal.Infrastructure.Hosting;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Settings;

public static class SettingsSetup
{
    /// <summary>A directory every instance mounts (a shared volume): the key ring lives there instead of the data directory.</summary>
    public const string KeysDirectoryKey = KeyRingOptions.Section + ":" + nameof(KeyRingOptions.KeysDirectory);

    /// <summary>
    /// Data Protection with its keys where every instance of this deployment finds them (so cookies, bearer tokens and
    /// stored secrets survive restarts and work on any instance behind a load balancer), and the store of settings
    /// entered in the portal. The key ring lives in: <see cref="KeysDirectoryKey"/> when set; else the PostgreSQL jobs
    /// database when <c>Jobs:Storage = PostgreSql</c> (the setting that makes several instances possible); else the
    /// data directory (one instance).
    /// </summary>
    public static IHostApplicationBuilder AddPortalSettings(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<KeyRingOptions>(KeyRingOptions.Section);
        var protection = builder.Services.AddDataProtection().SetApplicationName("MlopsPortal");
        switch (KeyStore(builder.Configuration))
        {
            case (KeyStoreKind.Directory, var dir):
                protection.PersistKeysToFileSystem(new DirectoryInfo(dir));
                break;
            case (KeyStoreKind.PostgreSql, var connectionString):
                builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(
                    new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresKeyRepository(connectionString)));
                break;
        }
        builder.Services.AddSingleton<ProtectedSettingsStore>();
        return builder;
    }

    public enum KeyStoreKind { Directory, PostgreSql }

    /// <summary>Where the key ring lives for this configuration (see <see cref="AddPortalSettings"/>).</summary>
    public static (KeyStoreKind Kind, string Location) KeyStore(IConfiguration configuration)
    {
        if (ValidatedOptions.Read<KeyRingOptions>(configuration, KeyRingOptions.Section).KeysDirectory is { Length: > 0 } shared)
            return (KeyStoreKind.Directory, shared);
        var jobs = ValidatedOptions.Read<JobsOptions>(configuration, JobsOptions.Section);
        if (jobs.UsesPostgreSql && configuration.GetConnectionString(JobStorageFactory.ConnectionStringName) is { Length: > 0 } connectionString)
            return (KeyStoreKind.PostgreSql, connectionString);
        return (KeyStoreKind.Directory, Path.Combine(PortalPaths.DataDirectory(configuration), "keys"));
    }
}
