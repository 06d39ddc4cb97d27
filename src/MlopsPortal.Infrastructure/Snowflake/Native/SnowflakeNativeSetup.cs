using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.Snowflake.Native;

public static class SnowflakeNativeSetup
{
    /// <summary>
    /// Snowflake's own registry, monitors and alerts over the configured IWarehouse. They speak Snowflake SQL, so they
    /// are only meaningful when the warehouse is Snowflake; registering them costs nothing otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddSnowflakeNative(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SnowflakeModelRegistry>();
        builder.Services.AddScoped<SnowflakeMonitors>();
        builder.Services.AddScoped<SnowflakeAlerts>();
        builder.Services.AddScoped<SnowflakeScoring>();
        return builder;
    }
}
