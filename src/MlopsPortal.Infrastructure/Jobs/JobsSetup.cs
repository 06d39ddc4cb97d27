using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire on a SQLite file in the data directory by default, or on PostgreSQL when several portal instances
    /// share work (<see cref="JobStorageFactory"/>), plus run tracking.
    /// </summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder)
    {
        // The storage is this host's own singleton: Hangfire's default (JobStorage.Current) is process-wide, and
        // two portals in one process (tests) would otherwise enqueue into each other's storage.
        builder.AddValidatedOptions<JobsOptions>(JobsOptions.Section);
        var storage = JobStorageFactory.Create(builder.Configuration);
        builder.Services.AddSingleton<JobStorage>(storage);
        // Likewise the activator: AddHangfire's default registration returns the process-wide JobActivator.Current
        // when the Hangfire server is created, and every host's Hangfire configuration overwrites that static. When
        // two portals in one process start up interleaved (Web.Tests), the first portal's server could take the
        // second's activator and perform its jobs in the other container (the run was unknown there, so it stayed
        // Queued here), or, once that container was disposed, fail them and retry them minutes apart.
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));
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
