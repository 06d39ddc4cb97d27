using System.Globalization;

namespace MlopsPortal.Core.Monitoring.OneHot;

/// <summary>
/// Turns rows of a table (values in the table's column order) into feature vectors in the model's order,
/// as the lab's scoring does after <c>get_dummies</c>: missing dummy columns are 0, columns reordered to the model.
/// Column features: numbers as doubles, NULL/empty as NaN (XGBoost's missing). One-hot features: 1 when the row's
/// value (as invariant text) equals the category, else 0 (NULL gives 0). Built once per schema; <see cref="Align"/>
/// does not allocate for numeric and string cells.
/// </summary>
public sealed class FeatureAligner
{
    private readonly int[] columnIndex;
    private readonly string?[] category;
    private readonly string[] featureNames;
    private readonly string[] columnNames;

    /// <summary>Prepares the aligner for rows laid out as <paramref name="rowColumns"/>.</summary>
    /// <param name="missingAsZero">When false, a feature found nowhere in the table is an error naming it; when true it is 0.</param>
    public FeatureAligner(FeatureMapping mapping, IReadOnlyList<string> rowColumns, bool missingAsZero = false)
    {
        var missing = mapping.MissingFeatures;
        if (missing.Count > 0 && !missingAsZero)
        {
            throw new ArgumentException($"Model features not found in the table: {string.Join(", ", missing)}.", nameof(mapping));
        }

        var n = mapping.Sources.Count;
        columnIndex = new int[n];
        category = new string?[n];
        featureNames = new string[n];
        columnNames = [.. rowColumns];
        for (var i = 0; i < n; i++)
        {
            var s = mapping.Sources[i];
            featureNames[i] = s.Feature;
            category[i] = s.Kind == FeatureSourceKind.OneHot ? s.Category : null;
            columnIndex[i] = s.Kind == FeatureSourceKind.Missing ? -1 : IndexOf(rowColumns, s.Column!);
        }
    }

    /// <summary>Number of model features.</summary>
    public int FeatureCount => featureNames.Length;

    /// <summary>Writes the row's features into <paramref name="destination"/> (length ≥ <see cref="FeatureCount"/>).</summary>
    public void Align(ReadOnlySpan<object?> row, Span<double> destination)
    {
        if (row.Length != columnNames.Length)
        {
            throw new ArgumentException($"The row has {row.Length} values; the schema has {columnNames.Length} columns.", nameof(row));
        }

        for (var i = 0; i < featureNames.Length; i++)
        {
            var index = columnIndex[i];
            var cell = index < 0 ? null : row[index];
            destination[i] = category[i] is { } cat
                ? (Matches(cell, cat) ? 1.0 : 0.0)
                : index < 0 ? 0.0 : ToDouble(cell, i, index);
        }
    }

    /// <summary>Convenience: one aligned vector.</summary>
    public double[] Align(ReadOnlySpan<object?> row)
    {
        var result = new double[FeatureCount];
        Align(row, result);
        return result;
    }

    private static bool Matches(object? cell, string cat) => cell switch
    {
        null or DBNull => false,
        string s => string.Equals(s, cat, StringComparison.Ordinal),
        IFormattable f => string.Equals(f.ToString(null, CultureInfo.InvariantCulture), cat, StringComparison.Ordinal),
        _ => string.Equals(cell.ToString(), cat, StringComparison.Ordinal),
    };

    private double ToDouble(object? cell, int feature, int column) => cell switch
    {
        null or DBNull => double.NaN,
        double d => d,
        float f => f,
        int v => v,
        long v => v,
        short v => v,
        byte v => v,
        decimal v => (double)v,
        bool b => b ? 1 : 0,
        string s when string.IsNullOrWhiteSpace(s) => double.NaN,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible c when c is not string => c.ToDouble(CultureInfo.InvariantCulture),
        _ => throw new FormatException(
            $"Column '{columnNames[column]}' (feature '{featureNames[feature]}') holds '{cell}', which is not a number."),
    };

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"Column '{name}' is not in the row schema.", nameof(columns));
    }
}
