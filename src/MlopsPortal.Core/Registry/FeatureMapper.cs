using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Registry;

/// <summary>
/// Maps model features onto a table's columns: a feature named like a column takes it as is; a feature named
/// <c>&lt;COLUMN&gt;_&lt;value&gt;</c> is a pandas get_dummies one-hot column of a text column (drop_first: the first
/// category, in sorted order, has no dummy). Features that map to nothing are reported, never guessed.
/// </summary>
public static class FeatureMapper
{
    /// <param name="distinctValues">Distinct values of the table's text columns; when a column has none listed, any suffix is accepted.</param>
    public static PreprocessingSpec Map(
        IReadOnlyList<string> features,
        IReadOnlyList<ColumnInfo> columns,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? distinctValues = null)
    {
        var distinct = new Dictionary<string, IReadOnlyCollection<string>>(
            distinctValues ?? new Dictionary<string, IReadOnlyCollection<string>>(), StringComparer.OrdinalIgnoreCase);
        var sources = features.Select(f => MapOne(f, columns, distinct)).ToList();
        return new PreprocessingSpec(sources, DroppedCategories(sources, distinct));
    }

    private static FeatureSource MapOne(string feature, IReadOnlyList<ColumnInfo> columns, Dictionary<string, IReadOnlyCollection<string>> distinct)
    {
        var exact = columns.FirstOrDefault(c => string.Equals(c.Name, feature, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
            return FeatureSource.Raw(feature, exact.Name);

        FeatureSource? best = null;
        foreach (var column in columns.Where(c => IsCategorical(c, distinct)))
        {
            var prefix = column.Name + "_";
            if (feature.Length <= prefix.Length || !feature.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                continue;
            var value = MatchValue(feature[prefix.Length..], distinct.GetValueOrDefault(column.Name));
            if (value is not null && (best is null || best.Column!.Length < column.Name.Length))
                best = FeatureSource.Dummy(feature, column.Name, value);
        }
        return best ?? FeatureSource.None(feature);
    }

    private static bool IsCategorical(ColumnInfo column, Dictionary<string, IReadOnlyCollection<string>> distinct) =>
        column.Type == WarehouseType.Text || distinct.ContainsKey(column.Name);

    private static string? MatchValue(string suffix, IReadOnlyCollection<string>? values)
    {
        if (values is null || values.Count == 0)
            return suffix;
        return values.FirstOrDefault(v => string.Equals(v, suffix, StringComparison.Ordinal))
            ?? values.FirstOrDefault(v => string.Equals(v, suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, string> DroppedCategories(List<FeatureSource> sources, Dictionary<string, IReadOnlyCollection<string>> distinct)
    {
        var dropped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in sources.Where(s => s.Kind == FeatureSourceKind.OneHot).GroupBy(s => s.Column!, StringComparer.OrdinalIgnoreCase))
        {
            var encoded = group.Select(s => s.Value!).ToHashSet(StringComparer.Ordinal);
            var first = distinct.GetValueOrDefault(group.Key)?.Order(StringComparer.Ordinal).FirstOrDefault(v => !encoded.Contains(v));
            if (first is not null)
                dropped[group.Key] = first;
        }
        return dropped;
    }
}
