using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.Monitoring;

public static class MonitoringSetup
{
    /// <summary>Monitors, their refresh job and the metric store.</summary>
    public static IHostApplicationBuilder AddMonitoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MonitorStore>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<MonitorRefresher>();
        builder.Services.AddSingleton<IMonitorScheduler, HangfireMonitorScheduler>();
        builder.Services.AddTransient<MonitorRefreshJob>();
        builder.Services.AddScoped<MonitorService>();
        builder.Services.AddScoped<Core.Scoring.IScoredTableListener, RefreshMonitorsAfterScoring>();
        builder.Services.AddScoped<MonitorExplorerService>();
        builder.Services.AddScoped<MonitorDashboardService>();
        builder.Services.AddScoped<MonitorThresholdService>();
        return builder;
    }
}
