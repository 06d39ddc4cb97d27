using System.Globalization;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Scoring;

/// <summary>
/// The lab's preprocessing as SQL, one expression per model feature in the model's order: raw columns cast to
/// DOUBLE (NULL stays missing), one-hot dummies as 1/0 (pandas get_dummies: NULL gives 0 in every dummy).
/// Categories the model never saw simply get 0 in every dummy, as the lab's reindex(fill_value=0) does.
/// </summary>
public sealed class FeatureProjection
{
    public const string FeaturePrefix = "__MLOPS_F";

    private FeatureProjection(
        IReadOnlyList<string> expressions, IReadOnlyDictionary<string, IReadOnlyList<string>> knownCategories,
        IReadOnlyDictionary<string, string> categoryExpressions, bool recipeApplied)
    {
        Expressions = expressions;
        KnownCategories = knownCategories;
        CategoryExpressions = categoryExpressions;
        RecipeApplied = recipeApplied;
    }

    /// <summary>SQL expressions, one per feature, over the source table's quoted columns.</summary>
    public IReadOnlyList<string> Expressions { get; }

    /// <summary>Per one-hot source column, the categories the model knows (its dummies and the dropped first one).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> KnownCategories { get; }

    /// <summary>Per one-hot source column, the SQL giving the value its dummies compare (the column, cleaned when a recipe applies).</summary>
    public IReadOnlyDictionary<string, string> CategoryExpressions { get; }

    /// <summary>True when the version's recipe is applied to the source's raw columns inside the run.</summary>
    public bool RecipeApplied { get; }

    public static string Alias(int feature) => FeaturePrefix + feature;

    public IEnumerable<string> AliasedSelectList() => Expressions.Select((e, i) => $"{e} AS {Alias(i)}");

    /// <summary>
    /// One expression per feature. A version that carries a recipe (<see cref="PreprocessingSpec.Recipe"/>) reads the raw
    /// columns through the recipe's cleaning rules (inlined, values as literals, so both execution paths and every
    /// dialect get the same SQL), its one-hot features compare the cleaned value and its numeric features are filled as
    /// the recipe fills them; a source that already holds every feature column (the recipe's output) is read as is.
    /// </summary>
    public static FeatureProjection Build(PreprocessingSpec spec, TableInfo source, ISqlDialect dialect)
    {
        var unmapped = spec.Unmapped.ToList();
        if (unmapped.Count > 0)
            throw new PortalValidationException($"The version's features {string.Join(", ", unmapped)} map to no column; fix the mapping before scoring.");

        var recipe = spec.Recipe is { } r && !spec.Features.All(f => source.Column(f.Feature) is not null) ? r.Normalized() : null;
        if (spec.Recipe is not null && recipe is null)
            spec = PreprocessingSpec.Identity(spec.Features.Select(f => new FeatureSpec(f.Feature)));
        // Only the columns the features read are quoted, and only the recipe's rules on them apply: a source may lack a
        // column the recipe cleaned but the model never used (a missing column the model reads is named below).
        var read = source.Columns.Where(c => spec.Features.Any(f => string.Equals(f.Column, c.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (recipe is not null)
            recipe = recipe with { Rules = recipe.Rules.Where(rule => read.Any(c => string.Equals(c.Name, rule.Column, StringComparison.OrdinalIgnoreCase))).ToList() };
        var columns = recipe is null
            ? read.Select(c => new CleanedColumn(c.Name, dialect.Quote(c.Name), c.Type)).ToList()
            : RecipeCompiler.CleanColumns(recipe, read, dialect, v => Literal(v, dialect));
        var fill = recipe is { FillNumericNulls: true } ? $"CAST({Literal(recipe.FillValue, dialect)} AS DOUBLE)" : null;

        var expressions = new List<string>(spec.Features.Count);
        var known = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var categoryExpressions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var feature in spec.Features)
        {
            var column = columns.FirstOrDefault(c => string.Equals(c.Name, feature.Column, StringComparison.OrdinalIgnoreCase))
                ?? throw new PortalValidationException(recipe is null
                    ? $"Feature {feature.Feature} needs column {feature.Column}, which {source.Name} does not have."
                    : $"Feature {feature.Feature} needs column {feature.Column} (read through the version's recipe {recipe.Name}), which {source.Name} does not have.");
            if (feature.Kind == FeatureSourceKind.Raw)
            {
                if (column.Type is WarehouseType.Text or WarehouseType.Timestamp or WarehouseType.Date or WarehouseType.Other)
                    throw new PortalValidationException(recipe is null
                        ? $"Feature {feature.Feature} maps to {column.Name}, a {source.Column(column.Name)?.NativeType} column; a raw feature needs a number."
                        : $"Feature {feature.Feature} maps to {column.Name}, which is {column.Type} after the recipe {recipe.Name}'s rules; a raw feature needs a number.");
                var value = $"CAST({column.Expr} AS DOUBLE)";
                expressions.Add(fill is null ? value : $"COALESCE({value}, {fill})");
            }
            else
            {
                expressions.Add($"CASE WHEN CAST({column.Expr} AS VARCHAR) = {dialect.TextLiteral(feature.Value!)} THEN 1.0 ELSE 0.0 END");
                known.TryAdd(column.Name, []);
                known[column.Name].Add(feature.Value!);
                categoryExpressions.TryAdd(column.Name, column.Expr);
            }
        }
        foreach (var (column, dropped) in spec.DroppedCategories)
            if (known.TryGetValue(column, out var values)) values.Add(dropped);
        return new FeatureProjection(expressions, known.ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.Value, StringComparer.OrdinalIgnoreCase),
            categoryExpressions, recipe is not null);
    }

    /// <summary>A recipe value inlined as SQL: text as the dialect's literal, numbers invariant.</summary>
    private static string Literal(object? value, ISqlDialect dialect) => value switch
    {
        null => "NULL",
        string text => dialect.TextLiteral(text),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => dialect.TextLiteral(value.ToString() ?? ""),
    };
}
