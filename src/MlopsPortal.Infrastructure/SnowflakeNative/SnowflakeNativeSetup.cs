using MlopsPortal.Infrastructure.Snowflake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlopsPortal.Infrastructure.Hosting;
using MlopsPortal.Infrastructure.Snowflake.Config;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

public static class SnowflakeNativeSetup
{
    /// <summary>
    /// Snowflake's own registry, monitors, alerts and scoring (<see cref="SnowflakeNative"/>), over the account
    /// <see cref="SnowflakeNativeWarehouse"/> picks: the portal's Snowflake warehouse, or <c>Snowflake:NativeConnection</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSnowflakeNative(this IHostApplicationBuilder builder)
    {
        var separate = builder.AddValidatedOptions<SnowflakeOptions>(SnowflakeOptions.Section).NativeConnection;
        builder.Services.AddSingleton(sp =>
        {
            var choice = sp.GetRequiredService<WarehouseBackendChoice>();
            var catalog = sp.GetRequiredService<SnowflakeConnectionCatalog>();
            if (choice.Backend == WarehouseBackend.Snowflake)
                return SnowflakeNativeWarehouse.Backend(sp.GetRequiredService<SnowflakeWarehouse>(), choice.Connection ?? catalog.DefaultName);
            return string.IsNullOrWhiteSpace(separate)
                ? SnowflakeNativeWarehouse.None()
                : SnowflakeNativeWarehouse.Separate(separate.Trim(), catalog, sp.GetRequiredService<SnowflakeClientFactory>(), sp.GetRequiredService<ILoggerFactory>());
        });
        builder.Services.AddScoped<SnowflakeNative>();
        builder.Services.AddSingleton<NativeAliasAudit>();
        return builder;
    }
}
