using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Demo;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Hosting;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Warehouse;

public static class EmbeddedWarehouseExtensions
{
    public const string SeedDemoKey = Demo.DemoOptions.Key;

    /// <summary>
    /// The embedded DuckDB warehouse at <c>$MLOPS_DATA_DIR/warehouse.duckdb</c> (default ./data/local) as the
    /// singleton <see cref="IWarehouse"/>, with <see cref="MigrationRunner"/>, <see cref="CsvImportService"/>,
    /// <see cref="DemoSeeder"/>, and a hosted service that applies migrations and seeds the demo tables
    /// (unless <c>MLOPS_SEED_DEMO=false</c>) when the host starts.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedWarehouse(this IHostApplicationBuilder builder)
    {
        var duck = builder.AddValidatedOptions<DuckDbSettings>(DuckDbSettings.Section);
        var options = new EmbeddedWarehouseOptions(Hosting.PortalPaths.DataDirectory(builder.Configuration))
        {
            MemoryLimit = duck.MemoryLimit.Trim(),
            Threads = duck.Threads,
        };
        var seed = builder.AddValidatedOptions<Demo.DemoOptions>("").SeedDemo ?? true;

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DuckDbWarehouse>();
        builder.Services.AddSingleton<IWarehouse>(sp => sp.GetRequiredService<DuckDbWarehouse>());
        builder.Services.AddWarehouseLifecycle(seed);
        return builder;
    }

    /// <summary>
    /// What every warehouse backend needs around its <see cref="IWarehouse"/>: migrations, CSV import, the demo seeder,
    /// and the hosted service that migrates (and seeds when <paramref name="seedDemo"/>) at start.
    /// </summary>
    internal static IServiceCollection AddWarehouseLifecycle(this IServiceCollection services, bool seedDemo)
    {
        services.AddSingleton(sp => new MigrationRunner(sp.GetRequiredService<IWarehouse>(), PortalMigrations.All));
        services.AddSingleton<CsvImportService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton(new WarehouseStartupOptions(seedDemo));
        services.AddHostedService<WarehouseStartup>();
        return services;
    }
}
