using MlopsPortal.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake.Config;
using MlopsPortal.Infrastructure.Warehouse;

namespace MlopsPortal.Infrastructure.Snowflake;

public static class SnowflakeWarehouseExtensions
{
    /// <summary>
    /// The warehouse chosen by <see cref="WarehouseBackendChoice"/>: the embedded one (default, registered by
    /// <see cref="EmbeddedWarehouseExtensions.AddEmbeddedWarehouse"/> unchanged) or Snowflake. The connection catalog and
    /// the admin service are registered either way, so the admin page can list and test connections.
    /// </summary>
    public static IHostApplicationBuilder AddWarehouseBackend(this IHostApplicationBuilder builder)
    {
        var dataDir = Hosting.PortalPaths.DataDirectory(builder.Configuration);
        var choice = WarehouseBackendChoice.Resolve(builder.Configuration, dataDir);
        builder.Services.AddSingleton(choice);
        builder.Services.AddSingleton<SnowflakeClientFactory>();
        builder.Services.AddSingleton(sp => new SnowflakeConnectionCatalog(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddScoped(sp => new SnowflakeAdminService(
            sp.GetRequiredService<SnowflakeConnectionCatalog>(), sp.GetRequiredService<SnowflakeClientFactory>(),
            sp.GetRequiredService<WarehouseBackendChoice>(), sp.GetRequiredService<Core.Security.ICurrentUser>(), dataDir));
        return choice.Backend == WarehouseBackend.Snowflake
            ? builder.AddSnowflakeWarehouse(choice.Connection)
            : builder.AddEmbeddedWarehouse();
    }

    /// <summary>
    /// Snowflake as the singleton <see cref="IWarehouse"/>: the portal's tables in <c>Snowflake:PortalSchema</c> (default:
    /// the connection's schema), migrations applied at start, demo seeding only when <c>MLOPS_SEED_DEMO=true</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSnowflakeWarehouse(this IHostApplicationBuilder builder, string? connectionName)
    {
        var options = ValidatedOptions.Read<SnowflakeOptions>(builder.Configuration, SnowflakeOptions.Section); // registered by AddSnowflakeNative
        var seed = builder.AddValidatedOptions<Demo.DemoOptions>("").SeedDemo ?? false;
        builder.Services.AddSingleton(sp =>
        {
            var connection = sp.GetRequiredService<SnowflakeConnectionCatalog>().Resolve(connectionName);
            var schema = options.PortalSchema is { Length: > 0 } s ? s : connection.Schema;
            if (schema is not null)
                Identifier.Validate(schema, "Snowflake:PortalSchema"); // the connection's schema comes from connections.toml
            return sp.GetRequiredService<SnowflakeClientFactory>().Create(connection, schema);
        });
        builder.Services.AddSingleton(sp => new SnowflakeWarehouse(
            sp.GetRequiredService<SnowflakeClientHandle>().Client,
            new SnowflakeWarehouseOptions { MaxBindingsPerStatement = options.MaxBindingsPerStatement },
            sp.GetRequiredService<ILogger<SnowflakeWarehouse>>()));
        builder.Services.AddSingleton<IWarehouse>(sp => sp.GetRequiredService<SnowflakeWarehouse>());
        builder.Services.AddWarehouseLifecycle(seed);
        return builder;
    }
}
