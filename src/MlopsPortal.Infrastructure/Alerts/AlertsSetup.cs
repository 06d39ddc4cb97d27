using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Infrastructure.Alerts;

public static class AlertsSetup
{
    /// <summary>Alerts: store, evaluator, SMTP/webhook notifier (sections <c>Smtp</c> and <c>Alerts</c>), recurring jobs.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section);
        builder.AddValidatedOptions<AlertsOptions>(AlertsOptions.Section);
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
