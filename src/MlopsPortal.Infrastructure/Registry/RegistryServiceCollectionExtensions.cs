using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Registry;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Infrastructure.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// The model registry: store on the registered <see cref="Core.Warehouse.IWarehouse"/>, artifacts as files under
    /// <c>Registry:ArtifactDirectory</c> (default <c>$MLOPS_DATA_DIR/artifacts</c>), S3 from <c>Registry:S3</c>, and the
    /// scoped <see cref="RegistryService"/> and <see cref="FeatureMappingService"/> (they need an <see cref="Core.Security.ICurrentUser"/>).
    /// </summary>
    public static IHostApplicationBuilder AddRegistry(this IHostApplicationBuilder b)
    {
        if (b.Services.Any(s => s.ServiceType == typeof(RegistryService)))
            return b; // already added (AddPortalInfrastructure adds it; a second call is harmless)
        var options = b.AddValidatedOptions<RegistryOptions>(RegistryOptions.Section);
        options.ArtifactDirectory ??= Path.Combine(PortalPaths.DataDirectory(b.Configuration), "artifacts");
        b.Services.TryAddSingleton(TimeProvider.System);
        b.Services.AddSingleton(options);
        b.Services.AddSingleton<IRegistryStore, WarehouseRegistryStore>();
        b.Services.AddSingleton<IArtifactStore>(new FileArtifactStore(options.ArtifactDirectory));
        b.Services.AddSingleton<IModelArtifactReader>(new TreesArtifactReader(options.ReadLimits()));
        b.Services.AddSingleton(sp => new S3SettingsStore(options, sp.GetService<Settings.ProtectedSettingsStore>()));
        b.Services.AddSingleton<IArtifactFetcher>(sp => new ArtifactFetcher(options, s3Settings: sp.GetRequiredService<S3SettingsStore>()));
        b.Services.AddScoped<S3AdminService>();
        b.Services.AddScoped<RegistryService>();
        b.Services.AddScoped<FeatureMappingService>();
        return b;
    }
}
