using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>Hangfire on a SQLite file in the data directory (polled every second), plus run tracking.</summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder)
    {
        var dataDir = PortalPaths.DataDirectory(builder.Configuration);
        var storagePath = Path.Combine(dataDir, "hangfire.db");
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(storagePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }));
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = Math.Max(2, Environment.ProcessorCount);
            options.ServerName = $"portal-{Environment.MachineName}";
        });
        builder.Services.AddSingleton<IJobRunStore, WarehouseJobRunStore>();
        builder.Services.AddSingleton<JobTracker>();
        builder.Services.AddSingleton<JobLauncher>();
        builder.Services.AddScoped<JobsService>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
