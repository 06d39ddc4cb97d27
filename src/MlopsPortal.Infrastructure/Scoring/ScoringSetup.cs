using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Infrastructure.Scoring.Schedules;

namespace MlopsPortal.Infrastructure.Scoring;

public static class ScoringSetup
{
    public static IHostApplicationBuilder AddScoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new ModelCache(sp.GetRequiredService<Registry.RegistryOptions>().ReadLimits()));
        builder.Services.AddSingleton<ScoringRunStore>();
        builder.Services.AddSingleton<ScoringRunOrder>();
        builder.Services.AddScoped<ScoringExecutor>();
        builder.Services.AddScoped<ScoringJob>();
        builder.Services.AddScoped<ScoringService>();
        builder.Services.AddScoped<ScoringPreview>();
        builder.Services.AddScoped<VersionEvaluator>();
        builder.Services.AddScoped<VersionComparer>();
        builder.Services.AddSingleton<ScoringScheduleStore>();
        builder.Services.AddScoped<ScoringScheduleService>();
        builder.Services.AddScoped<ScheduledScoringJob>();
        builder.Services.AddScoped<Core.Registry.IAliasBindingCheck, ScheduleAliasBindingCheck>();
        return builder;
    }
}
