namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// WASSERSTEIN: the exact 1-D earth mover's distance between two samples, ∫ |F_u(x) − F_v(x)| dx, equal to
/// SciPy's <c>scipy.stats.wasserstein_distance(u, v)</c> on the raw samples. Computed from each side's value-count
/// list (SQL <c>GROUP BY v</c>), so the raw rows are never held: one merge pass, O(k_u + k_v), no allocation
/// when both lists arrive sorted.
/// </summary>
public static class Wasserstein
{
    /// <summary>The distance, or <c>null</c> when a side is empty.</summary>
    public static double? Distance(ReadOnlySpan<ValueCount> u, ReadOnlySpan<ValueCount> v)
    {
        var su = ValueCounts.Normalize(u);
        var sv = ValueCounts.Normalize(v);
        return OfSorted(su, sv, ValueCounts.Total(su), ValueCounts.Total(sv));
    }

    /// <summary>The distance for lists already normalised (<see cref="ValueCounts.Normalize"/>) with their totals.</summary>
    internal static double? OfSorted(ReadOnlySpan<ValueCount> u, ReadOnlySpan<ValueCount> v, long totalU, long totalV)
    {
        if (totalU == 0 || totalV == 0)
        {
            return null;
        }

        double nu = totalU, nv = totalV;

        // Walk the union of distinct values; between consecutive values both CDFs are constant, so each step adds
        // |F_u − F_v| · (x − previous) with the CDFs as they stood at previous (SciPy's _cdf_distance with p = 1).
        int i = 0, j = 0;
        long cu = 0, cv = 0;
        double sum = 0;
        var previous = Math.Min(u[0].Value, v[0].Value);
        while (i < u.Length && j < v.Length)
        {
            // Branch-free step: with interleaved samples the u/v choice is unpredictable.
            ref readonly var a = ref u[i];
            ref readonly var b = ref v[j];
            var x = Math.Min(a.Value, b.Value);
            sum += Math.Abs((cu / nu) - (cv / nv)) * (x - previous);
            bool takeU = a.Value == x, takeV = b.Value == x;
            cu += takeU ? a.Count : 0;
            cv += takeV ? b.Count : 0;
            i += takeU ? 1 : 0;
            j += takeV ? 1 : 0;
            previous = x;
        }

        for (; i < u.Length; i++)
        {
            var x = u[i].Value;
            sum += Math.Abs((cu / nu) - 1.0) * (x - previous);
            cu += u[i].Count;
            previous = x;
        }

        for (; j < v.Length; j++)
        {
            var x = v[j].Value;
            sum += Math.Abs(1.0 - (cv / nv)) * (x - previous);
            cv += v[j].Count;
            previous = x;
        }

        return sum;
    }
}
