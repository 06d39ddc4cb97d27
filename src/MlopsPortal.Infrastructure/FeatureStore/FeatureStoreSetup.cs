using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.FeatureStore;

public static class FeatureStoreSetup
{
    /// <summary>Retraining recipes and the feature store: stores, runner, services, refresh jobs.</summary>
    public static IHostApplicationBuilder AddFeatureStore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RecipeStore>();
        builder.Services.AddSingleton<FeatureStoreStore>();
        builder.Services.AddSingleton<RecipeRunner>();
        builder.Services.AddSingleton<FeatureViewMaterializer>();
        builder.Services.AddSingleton<IFeatureViewScheduler, HangfireFeatureViewScheduler>();
        builder.Services.AddTransient<FeatureViewRefreshJob>();
        builder.Services.AddScoped<RecipeService>();
        builder.Services.AddScoped<FeatureStoreService>();
        builder.Services.AddScoped<FeatureViewTrainingLineage>();
        return builder;
    }
}
