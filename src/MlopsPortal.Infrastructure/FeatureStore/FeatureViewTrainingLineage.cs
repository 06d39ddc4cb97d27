using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>
/// Ties a trained version to the feature view it was trained on: the view records the use (its lineage page lists the
/// version), the recipe feeding the view records the version it produced, and the recipe itself travels in the
/// version's lineage.
/// </summary>
public sealed class FeatureViewTrainingLineage(FeatureStoreService views, RecipeService recipes)
{
    /// <summary>The recipe that feeds the view, as JSON; null when the view reads a plain table or does not exist.</summary>
    public async Task<JsonNode?> RecipeOfAsync(string view, string? version, CancellationToken ct)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return null;
        var detail = await TryGetAsync(view, v, ct);
        if (detail?.View.Spec.Recipe is not { } recipe) return null;
        return JsonSerializer.SerializeToNode((await recipes.GetAsync(recipe, ct)).Recipe, JsonSerializerOptions.Web);
    }

    public async Task RecordAsync(string view, string? version, string model, string modelVersion, string trainingSet, CancellationToken ct)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return;
        var detail = await TryGetAsync(view, v, ct);
        if (detail is null) return;
        await views.RecordTrainingUseAsync(detail.View.Spec.Name, v, model, modelVersion, trainingSet, ct);
        if (detail.View.Spec.Recipe is { } recipe)
            await recipes.RecordVersionAsync(recipe, model, modelVersion, ct);
    }

    private async Task<FeatureViewDetail?> TryGetAsync(string view, int version, CancellationToken ct)
    {
        try
        {
            return await views.GetViewAsync(view, version, ct);
        }
        catch (Core.Common.PortalNotFoundException)
        {
            return null; // lineage may name a view this portal does not hold (e.g. one kept in Snowflake)
        }
    }
}
