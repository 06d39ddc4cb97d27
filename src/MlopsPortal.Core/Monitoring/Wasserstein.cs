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
        u = ValueCounts.Normalize(u);
        v = ValueCounts.Normalize(v);
        double nu = ValueCounts.Total(u), nv = ValueCounts.Total(v);
        if (nu == 0 || nv == 0)
        {
            return null;
        }

        // Walk the union of distinct values; between consecutive values x_j < x_{j+1} both CDFs are constant.
        int i = 0, j = 0;
        long cu = 0, cv = 0;
        double sum = 0, previous = 0;
        var first = true;
        while (i < u.Length || j < v.Length)
        {
            var x = j >= v.Length || (i < u.Length && u[i].Value <= v[j].Value) ? u[i].Value : v[j].Value;
            if (!first)
            {
                sum += Math.Abs((cu / nu) - (cv / nv)) * (x - previous);
            }

            if (i < u.Length && u[i].Value == x)
            {
                cu += u[i++].Count;
            }

            if (j < v.Length && v[j].Value == x)
            {
                cv += v[j++].Count;
            }

            previous = x;
            first = false;
        }

        return sum;
    }
}
