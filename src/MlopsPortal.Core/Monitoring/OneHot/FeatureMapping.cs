namespace MlopsPortal.Core.Monitoring.OneHot;

/// <summary>
/// How a model's features (in the model's order) map onto a warehouse table: each feature is a column of the same
/// name, a one-hot dummy <c>&lt;COLUMN&gt;&lt;separator&gt;&lt;value&gt;</c> of a categorical column, or missing.
/// </summary>
public sealed record FeatureMapping(IReadOnlyList<FeatureSource> Sources)
{
    /// <summary>Features found nowhere in the table.</summary>
    public IReadOnlyList<string> MissingFeatures => Sources.Where(s => s.Kind == FeatureSourceKind.Missing).Select(s => s.Feature).ToArray();

    /// <summary>The categorical columns that are one-hot encoded, each with its dummies' categories in feature order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OneHotColumns => Sources
        .Where(s => s.Kind == FeatureSourceKind.OneHot)
        .GroupBy(s => s.Column!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(s => s.Category!).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// Recognises the features. A feature equal to a table column (ordinal, then ignoring case) reads that column.
    /// Otherwise it is a dummy of the categorical column c when it starts with c + <paramref name="separator"/>;
    /// among several such columns the one whose distinct values contain the rest wins, then the longest name.
    /// A dummy whose category is not among the distinct values is still recognised (CategorySeen = false; it is 0 for these rows).
    /// </summary>
    /// <param name="modelFeatures">The model's features in order.</param>
    /// <param name="tableColumns">The table's columns.</param>
    /// <param name="categoricalValues">Distinct values of the table's categorical (text) columns.</param>
    public static FeatureMapping Recognise(
        IReadOnlyList<string> modelFeatures,
        IReadOnlyList<string> tableColumns,
        IReadOnlyDictionary<string, IReadOnlyCollection<string?>> categoricalValues,
        string separator = PandasDummies.DefaultSeparator)
    {
        var exact = new HashSet<string>(tableColumns, StringComparer.Ordinal);
        var ignoreCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in tableColumns)
        {
            ignoreCase.TryAdd(c, c);
        }

        var valueSets = categoricalValues.ToDictionary(
            kv => kv.Key,
            kv => new HashSet<string>(kv.Value.OfType<string>(), StringComparer.Ordinal),
            StringComparer.Ordinal);

        var sources = new List<FeatureSource>(modelFeatures.Count);
        foreach (var feature in modelFeatures)
        {
            if (exact.Contains(feature))
            {
                sources.Add(new FeatureSource(feature, FeatureSourceKind.Column, feature));
                continue;
            }

            FeatureSource? best = null;
            foreach (var (column, values) in valueSets)
            {
                var prefix = column + separator;
                if (!feature.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var category = feature[prefix.Length..];
                var candidate = new FeatureSource(feature, FeatureSourceKind.OneHot, column, category, values.Contains(category));
                if (best is null
                    || (candidate.CategorySeen && !best.CategorySeen)
                    || (candidate.CategorySeen == best.CategorySeen && column.Length > best.Column!.Length))
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                sources.Add(best);
            }
            else if (ignoreCase.TryGetValue(feature, out var column))
            {
                sources.Add(new FeatureSource(feature, FeatureSourceKind.Column, column));
            }
            else
            {
                sources.Add(new FeatureSource(feature, FeatureSourceKind.Missing, null));
            }
        }

        return new FeatureMapping(sources);
    }
}
