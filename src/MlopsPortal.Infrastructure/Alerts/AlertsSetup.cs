using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.Alerts;

public static class AlertsSetup
{
    /// <summary>Alerts: store, evaluator, SMTP/webhook notifier (settings from the "Smtp" section), recurring jobs.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"));
        builder.Services.AddSingleton<WebhookTargets>();
        builder.Services.AddHttpClient("alerts", c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookTargets>().CreateHandler());
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<SmtpSettingsStore>(sp => new(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmtpOptions>>(), sp.GetRequiredService<Settings.ProtectedSettingsStore>()));
        builder.Services.AddSingleton<AlertNotifier>();
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddSingleton<IAlertScheduler, HangfireAlertScheduler>();
        builder.Services.AddTransient<AlertJob>();
        builder.Services.AddScoped<AlertService>();
        builder.Services.AddScoped<SmtpAdminService>();
        return builder;
    }
}
