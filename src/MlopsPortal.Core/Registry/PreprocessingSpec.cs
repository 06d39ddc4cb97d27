using MlopsPortal.Core.FeatureStore;

namespace MlopsPortal.Core.Registry;

/// <summary>How warehouse rows become model inputs: raw numeric columns and pandas get_dummies one-hot columns.</summary>
/// <param name="Features">One entry per model feature, in the model's order.</param>
/// <param name="DroppedCategories">Per one-hot source column, the category that has no dummy (get_dummies drop_first).</param>
/// <param name="Recipe">
/// The recipe the version was trained through, when it carries one (docs/lab-workflow.md phase 3): a scoring run applies its
/// cleaning rules to the raw source columns first, then <paramref name="Features"/> read the cleaned columns (one-hot
/// dummies as <see cref="FeatureSourceKind.OneHot"/> entries, numeric nulls filled as the recipe fills them). So the
/// version scores the same raw table as its predecessor. A source that already holds every feature column (the recipe's
/// output, a feature view) is scored as is.
/// </param>
public sealed record PreprocessingSpec(
    IReadOnlyList<FeatureSource> Features,
    IReadOnlyDictionary<string, string> DroppedCategories,
    RetrainingRecipe? Recipe = null)
{
    public static PreprocessingSpec Identity(IEnumerable<FeatureSpec> signature) =>
        new(signature.Select(f => FeatureSource.Raw(f.Name, f.Name)).ToList(), new Dictionary<string, string>());

    public IEnumerable<string> NumericColumns =>
        Features.Where(f => f.Kind == FeatureSourceKind.Raw).Select(f => f.Column!).Distinct(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<FeatureSource> OneHot => Features.Where(f => f.Kind == FeatureSourceKind.OneHot);

    public IEnumerable<string> Unmapped => Features.Where(f => f.Kind == FeatureSourceKind.Unmapped).Select(f => f.Feature);
}

public enum FeatureSourceKind
{
    Raw,
    OneHot,
    Unmapped,
}

/// <summary>Where one model feature comes from: a column as is, or 1 when <see cref="Column"/> equals <see cref="Value"/>.</summary>
public sealed record FeatureSource(string Feature, FeatureSourceKind Kind, string? Column, string? Value)
{
    public static FeatureSource Raw(string feature, string column) => new(feature, FeatureSourceKind.Raw, column, null);
    public static FeatureSource Dummy(string feature, string column, string value) => new(feature, FeatureSourceKind.OneHot, column, value);
    public static FeatureSource None(string feature) => new(feature, FeatureSourceKind.Unmapped, null, null);
}
