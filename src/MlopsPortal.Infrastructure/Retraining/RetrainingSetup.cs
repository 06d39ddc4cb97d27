using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.Retraining;

public static class RetrainingSetup
{
    /// <summary>Training runs: service, Hangfire job and executor (needs AddScoring's ModelCache for the PRODUCTION comparison).</summary>
    public static IHostApplicationBuilder AddRetraining(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrainingRunStore>();
        builder.Services.AddScoped<TrainingExecutor>();
        builder.Services.AddScoped<RetrainingJob>();
        builder.Services.AddScoped<RetrainingService>();
        return builder;
    }
}
