using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Monitoring;

namespace MlopsPortal.Web.Components.Pages.Jobs;

/// <summary>How the Jobs page names each kind of run (the stored kind is a short key).</summary>
public static class JobKinds
{
    public static string Label(string kind) => kind switch
    {
        "scoring" => "Scoring run",
        MonitorService.RefreshJobKind => "Monitor refresh",
        FeatureStoreService.RefreshJobKind => "Feature view refresh",
        "retraining" => "Retraining",
        RecipeService.JobKind => "Recipe run",
        AlertEvaluator.JobKind => "Alert evaluation",
        _ => kind,
    };
}
