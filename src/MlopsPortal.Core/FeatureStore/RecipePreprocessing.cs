using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// The preprocessing of a version trained through a recipe: each model feature traced back through the recipe to a raw
/// source column. A <c>&lt;COL&gt;_OHE_&lt;name&gt;</c> feature of a one-hot column becomes a dummy of the cleaned column
/// (the level whose one-hot name it is), any other feature a numeric column of the recipe's output.
/// </summary>
public static class RecipePreprocessing
{
    /// <param name="levels">Per one-hot column, the cleaned levels seen when the recipe ran (from its source table);
    /// when a feature's level is not among them (or none are known), the name's suffix is taken as the level.</param>
    public static PreprocessingSpec Build(RetrainingRecipe recipe, IReadOnlyList<string> features, IReadOnlyDictionary<string, IReadOnlyList<string>>? levels = null)
    {
        recipe = recipe.Normalized();
        RecipeValidator.Validate(recipe);
        if (features.Count == 0)
            throw new PortalValidationException("A version with a recipe needs its feature names.");
        var sources = new List<FeatureSource>(features.Count);
        foreach (var feature in features)
        {
            // The longest one-hot column whose prefix matches (COUNTY_NAME_OHE_ before a shorter column's prefix).
            var column = recipe.OneHotColumns
                .Where(c => OneHotNames.IsOf(feature, c))
                .OrderByDescending(c => c.Length)
                .FirstOrDefault();
            if (column is null)
            {
                sources.Add(FeatureSource.Raw(feature, feature));
                continue;
            }

            var known = levels?.FirstOrDefault(kv => string.Equals(kv.Key, column, StringComparison.OrdinalIgnoreCase)).Value ?? [];
            var value = known.FirstOrDefault(v => string.Equals(OneHotNames.For(column, v), feature, StringComparison.OrdinalIgnoreCase))
                ?? feature[(column.Length + OneHotNames.Infix.Length)..];
            sources.Add(FeatureSource.Dummy(feature, column, value));
        }

        return new PreprocessingSpec(sources, new Dictionary<string, string>(), recipe);
    }
}
