using System.Text.RegularExpressions;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>A statement and the values bound to its parameters (values never enter SQL text).</summary>
public sealed partial record SqlText(string Sql, IReadOnlyDictionary<string, object?> Parameters)
{
    [GeneratedRegex(@"\$(p\d+)\b")]
    private static partial Regex Placeholder();

    /// <summary>
    /// The statement with only the parameters it references: nested steps share one numbering, and a
    /// backend may reject values that no placeholder uses.
    /// </summary>
    public static SqlText Using(string sql, IReadOnlyDictionary<string, object?> all)
    {
        var used = Placeholder().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return new SqlText(sql, all.Where(kv => used.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>Wraps the statement as a subquery with a row limit (previews; nothing is written).</summary>
    public SqlText Limit(int rows) => this with { Sql = $"SELECT * FROM ({Sql}) AS \"PREVIEW\" LIMIT {Math.Clamp(rows, 1, 1000)}" };
}
