namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// One distinct value of a numeric column and how many rows hold it: what
/// <c>SELECT v, COUNT(*)::BIGINT FROM … WHERE v IS NOT NULL AND NOT isnan(v) GROUP BY v ORDER BY v</c> returns.
/// A list of these is a lossless summary of a sample (the exact quantiles, histograms and
/// Wasserstein distance are computed from it), whose size is the number of distinct values.
/// </summary>
public readonly record struct ValueCount(double Value, long Count);

/// <summary>Helpers over value-count lists.</summary>
public static class ValueCounts
{
    /// <summary>
    /// Groups raw samples into a sorted value-count list, skipping NaN (a missing value).
    /// O(n log n); for tests, the explorer and small samples. Large samples are grouped in SQL.
    /// </summary>
    public static ValueCount[] FromSamples(ReadOnlySpan<double> samples)
    {
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        var result = new List<ValueCount>();
        foreach (var v in sorted)
        {
            if (double.IsNaN(v))
            {
                continue; // Array.Sort puts NaN first
            }

            if (result.Count > 0 && result[^1].Value == v)
            {
                result[^1] = result[^1] with { Count = result[^1].Count + 1 };
            }
            else
            {
                result.Add(new ValueCount(v, 1));
            }
        }

        return [.. result];
    }

    /// <summary>Sum of the counts.</summary>
    public static long Total(ReadOnlySpan<ValueCount> values)
    {
        long total = 0;
        foreach (var vc in values)
        {
            total += vc.Count;
        }

        return total;
    }

    /// <summary>Σ value·count (the SQL <c>SUM(v)</c>).</summary>
    public static double Sum(ReadOnlySpan<ValueCount> values)
    {
        double sum = 0;
        foreach (var vc in values)
        {
            sum += vc.Value * vc.Count;
        }

        return sum;
    }

    /// <summary>
    /// Returns <paramref name="values"/> itself when its values strictly ascend with positive counts and no NaN
    /// (the usual SQL result with ORDER BY), otherwise a sorted, merged copy without NaN and zero counts.
    /// Negative counts are rejected.
    /// </summary>
    public static ReadOnlySpan<ValueCount> Normalize(ReadOnlySpan<ValueCount> values)
    {
        var ok = true;
        for (var i = 0; i < values.Length; i++)
        {
            var vc = values[i];
            if (vc.Count < 0)
            {
                throw new ArgumentException($"Value {vc.Value} has a negative count ({vc.Count}).", nameof(values));
            }

            if (vc.Count == 0 || double.IsNaN(vc.Value) || (i > 0 && !(values[i - 1].Value < vc.Value)))
            {
                ok = false;
            }
        }

        if (ok)
        {
            return values;
        }

        var copy = values.ToArray();
        Array.Sort(copy, static (a, b) => a.Value.CompareTo(b.Value));
        var n = 0;
        foreach (var vc in copy)
        {
            if (vc.Count == 0 || double.IsNaN(vc.Value))
            {
                continue;
            }

            if (n > 0 && copy[n - 1].Value == vc.Value)
            {
                copy[n - 1] = copy[n - 1] with { Count = copy[n - 1].Count + vc.Count };
            }
            else
            {
                copy[n++] = vc;
            }
        }

        return copy.AsSpan(0, n);
    }
}
