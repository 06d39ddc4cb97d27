using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// The lab's preprocessing as SQL, one expression per model feature in the model's order: raw columns cast to
/// DOUBLE (NULL stays missing), one-hot dummies as 1/0 (pandas get_dummies: NULL gives 0 in every dummy).
/// Categories the model never saw simply get 0 in every dummy, as the lab's reindex(fill_value=0) does.
/// </summary>
public sealed class FeatureProjection
{
    public const string FeaturePrefix = "__MLOPS_F";

    private FeatureProjection(IReadOnlyList<string> expressions, IReadOnlyDictionary<string, IReadOnlyList<string>> knownCategories)
    {
        Expressions = expressions;
        KnownCategories = knownCategories;
    }

    /// <summary>SQL expressions, one per feature, over the source table's quoted columns.</summary>
    public IReadOnlyList<string> Expressions { get; }

    /// <summary>Per one-hot source column, the categories the model knows (its dummies and the dropped first one).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> KnownCategories { get; }

    public static string Alias(int feature) => FeaturePrefix + feature;

    public IEnumerable<string> AliasedSelectList() => Expressions.Select((e, i) => $"{e} AS {Alias(i)}");

    public static FeatureProjection Build(PreprocessingSpec spec, TableInfo source, ISqlDialect dialect)
    {
        var unmapped = spec.Unmapped.ToList();
        if (unmapped.Count > 0)
            throw new PortalValidationException($"The version's features {string.Join(", ", unmapped)} map to no column; fix the mapping before scoring.");

        var expressions = new List<string>(spec.Features.Count);
        var known = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var feature in spec.Features)
        {
            var column = source.Column(feature.Column!)
                ?? throw new PortalValidationException($"Feature {feature.Feature} needs column {feature.Column}, which {source.Name} does not have.");
            var quoted = dialect.Quote(column.Name);
            if (feature.Kind == FeatureSourceKind.Raw)
            {
                if (column.Type is WarehouseType.Text or WarehouseType.Timestamp or WarehouseType.Date or WarehouseType.Other)
                    throw new PortalValidationException($"Feature {feature.Feature} maps to {column.Name}, a {column.NativeType} column; a raw feature needs a number.");
                expressions.Add($"CAST({quoted} AS DOUBLE)");
            }
            else
            {
                expressions.Add($"CASE WHEN CAST({quoted} AS VARCHAR) = {dialect.TextLiteral(feature.Value!)} THEN 1.0 ELSE 0.0 END");
                known.TryAdd(column.Name, []);
                known[column.Name].Add(feature.Value!);
            }
        }
        foreach (var (column, dropped) in spec.DroppedCategories)
            if (known.TryGetValue(column, out var values)) values.Add(dropped);
        return new FeatureProjection(expressions, known.ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.Value, StringComparer.OrdinalIgnoreCase));
    }
}
