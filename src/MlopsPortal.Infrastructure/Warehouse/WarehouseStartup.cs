using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Demo;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Infrastructure.Warehouse;

public sealed record WarehouseStartupOptions(bool SeedDemo);

/// <summary>On start: applies missing migrations, then seeds the demo tables the warehouse lacks. Start waits for both.</summary>
internal sealed class WarehouseStartup(
    MigrationRunner migrations, DemoSeeder seeder, WarehouseStartupOptions options, ILogger<WarehouseStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrations.RunAsync(cancellationToken);
        foreach (var m in applied)
            log.MigrationApplied(m.Version, m.Name);
        if (!options.SeedDemo)
            return;
        var seeded = await seeder.SeedIfEmptyAsync(ct: cancellationToken);
        if (seeded.Count > 0 && log.IsEnabled(LogLevel.Information))
            log.DemoTablesSeeded(string.Join(", ", seeded));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary><see cref="WarehouseStartup"/>'s log lines (source-generated).</summary>
internal static partial class WarehouseStartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applied warehouse migration {Version} {Name}")]
    public static partial void MigrationApplied(this ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo tables {Tables}")]
    public static partial void DemoTablesSeeded(this ILogger logger, string tables);
}
