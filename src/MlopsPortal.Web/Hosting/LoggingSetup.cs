using MlopsPortal.Infrastructure.Hosting;
using Serilog;
using Serilog.Events;

namespace MlopsPortal.Web.Hosting;

public static class LoggingSetup
{
    /// <summary>Serilog to the console and a daily rolling file under &lt;data&gt;/logs.</summary>
    public static IHostApplicationBuilder AddPortalLogging(this IHostApplicationBuilder builder)
    {
        var logDir = Path.Combine(PortalPaths.DataDirectory(builder.Configuration), "logs");
        builder.Services.AddSerilog((services, config) => config
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(logDir, "portal-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14));
        return builder;
    }
}
