namespace MlopsPortal.Core.Monitoring.OneHot;

/// <summary>
/// The column naming and order of pandas' <c>pd.get_dummies(df, columns=[…], drop_first=…)</c>
/// (prefix = column name, prefix_sep "_", dummy_na=False): the non-encoded columns keep their order, then each
/// encoded column in the given order contributes one dummy <c>&lt;COLUMN&gt;_&lt;value&gt;</c> per distinct non-null value,
/// values sorted ordinally (Python's code-point order for strings); <c>drop_first</c> drops the first one
/// (so a column with one distinct value contributes none). A null value gives 0 in all its dummies.
/// </summary>
public static class PandasDummies
{
    /// <summary>pandas' default prefix separator.</summary>
    public const string DefaultSeparator = "_";

    /// <summary>The dummy column name for one value.</summary>
    public static string DummyName(string column, string value, string separator = DefaultSeparator) =>
        string.Concat(column, separator, value);

    /// <summary>Distinct non-null values sorted ordinally: pandas' levels.</summary>
    public static IReadOnlyList<string> Levels(IEnumerable<string?> values)
    {
        var levels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (v is not null)
            {
                levels.Add(v);
            }
        }

        return [.. levels];
    }

    /// <summary>The dummy columns of one encoded column, in pandas' order.</summary>
    public static IReadOnlyList<string> DummyColumns(string column, IEnumerable<string?> values, bool dropFirst, string separator = DefaultSeparator) =>
        Levels(values).Skip(dropFirst ? 1 : 0).Select(v => DummyName(column, v, separator)).ToArray();

    /// <summary>The columns of <c>pd.get_dummies(df, columns=encoded, drop_first=dropFirst)</c>.</summary>
    /// <param name="tableColumns">The frame's columns in order.</param>
    /// <param name="encodedColumns">The columns to encode, in the order given to pandas.</param>
    /// <param name="distinctValues">Distinct values of each encoded column (in the frame being encoded).</param>
    public static IReadOnlyList<string> ResultColumns(
        IReadOnlyList<string> tableColumns,
        IReadOnlyList<string> encodedColumns,
        IReadOnlyDictionary<string, IReadOnlyCollection<string?>> distinctValues,
        bool dropFirst,
        string separator = DefaultSeparator)
    {
        foreach (var c in encodedColumns)
        {
            if (!tableColumns.Contains(c, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Column '{c}' to one-hot encode is not in the table.", nameof(encodedColumns));
            }
        }

        var result = tableColumns.Where(c => !encodedColumns.Contains(c, StringComparer.Ordinal)).ToList();
        foreach (var c in encodedColumns)
        {
            if (!distinctValues.TryGetValue(c, out var values))
            {
                throw new ArgumentException($"No distinct values were given for column '{c}'.", nameof(distinctValues));
            }

            result.AddRange(DummyColumns(c, values, dropFirst, separator));
        }

        return result;
    }
}
