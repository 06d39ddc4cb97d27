using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Core.Lab;
using MlopsPortal.Infrastructure.Demo;
using MlopsPortal.Infrastructure.Explaining;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Infrastructure.Data.Import;
using MlopsPortal.Infrastructure.Hosting;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Lab;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Retraining;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Settings;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.SnowflakeNative;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Infrastructure.Warehouse;

namespace MlopsPortal.Infrastructure;

public static class InfrastructureSetup
{
    /// <summary>Every adapter and application service of the portal, on the embedded warehouse by default.</summary>
    public static IHostApplicationBuilder AddPortalInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.AddWarehouseBackend(); // embedded unless Warehouse:Backend = Snowflake (or the admin page's saved choice)
        builder.AddPortalSettings();
        builder.AddPortalJobs();
        builder.AddRegistry();
        builder.AddScoring();
        builder.AddExplaining();
        builder.Services.AddSingleton<DemoMonitorSeeder>();
        builder.Services.AddHostedService<DemoStorySeeder>();
        builder.AddMonitoring();
        builder.AddAlerts();
        builder.AddSnowflakeNative();
        builder.AddFeatureStore();
        builder.AddRetraining();
        builder.Services.AddSingleton(TableImportOptions.From(
            builder.AddValidatedOptions<ImportSettings>(ImportSettings.Section), Hosting.PortalPaths.DataDirectory(builder.Configuration)));
        builder.Services.AddScoped<DataTablesService>();
        builder.Services.AddScoped<ILabFacts, WarehouseLabFacts>();
        builder.Services.AddScoped<LabChecks>();
        builder.AddValidatedOptions<Demo.FormDefaultsOptions>(Demo.FormDefaultsOptions.Section);
        return builder;
    }
}
