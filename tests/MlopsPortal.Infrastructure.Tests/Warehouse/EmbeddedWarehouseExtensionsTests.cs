using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Demo;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Warehouse;

public sealed class EmbeddedWarehouseExtensionsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-di-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private IHost Build(bool seed = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["MLOPS_DATA_DIR"] = _dir;
        builder.Configuration["MLOPS_SEED_DEMO"] = seed ? null : "false";
        builder.AddEmbeddedWarehouse();
        return builder.Build();
    }

    [Fact]
    public async Task First_start_migrates_and_seeds_and_a_restart_changes_nothing()
    {
        using (var host = Build())
        {
            await host.StartAsync(Ct);
            var warehouse = host.Services.GetRequiredService<IWarehouse>();
            Assert.Same(warehouse, host.Services.GetRequiredService<IWarehouse>());
            Assert.NotNull(host.Services.GetRequiredService<CsvImportService>());
            Assert.NotNull(host.Services.GetRequiredService<DemoSeeder>());
            var tables = (await warehouse.ListTablesAsync(Ct)).ToDictionary(t => t.Name, t => t.Rows);
            Assert.Equal(4_800, tables["INFERENCEMORTGAGEDATA"]);
            Assert.Equal(5_300, tables["NEWTRAININGDATA"]);
            Assert.Equal(0, tables["PORTAL_JOB_RUNS"]);
            Assert.Equal(0, tables["PORTAL_USERS"]);
            await host.StopAsync(Ct);
        }
        Assert.True(File.Exists(Path.Combine(_dir, "warehouse.duckdb")));

        using (var again = Build())
        {
            await again.StartAsync(Ct);
            var warehouse = again.Services.GetRequiredService<IWarehouse>();
            Assert.Equal(4_800, (await warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct))!.Rows);
            Assert.Equal(PortalMigrations.All.Count, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM _migrations", ct: Ct));
            Assert.Empty(await again.Services.GetRequiredService<MigrationRunner>().RunAsync(Ct));
            await again.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Seeding_can_be_turned_off()
    {
        using var host = Build(seed: false);
        await host.StartAsync(Ct);
        var warehouse = host.Services.GetRequiredService<IWarehouse>();
        Assert.Null(await warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct));
        Assert.Contains(await warehouse.ListTablesAsync(Ct), t => t.Name == "PORTAL_JOB_RUNS");
        await host.StopAsync(Ct);
    }
}
