namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Distances between two discrete distributions given as non-negative weights over the same bins or categories
/// (counts or shares; each side is normalised to sum 1 first). All return <c>null</c> when a side has zero total.
/// O(bins), no allocation.
/// </summary>
public static class DistributionDistance
{
    /// <summary>The share that replaces a 0 share in <see cref="PopulationStabilityIndex"/>.</summary>
    public const double PsiZeroShare = 1e-4;

    /// <summary>
    /// JENSEN_SHANNON distance in base 2 = √(JS divergence), as SciPy's
    /// <c>scipy.spatial.distance.jensenshannon(p, q, base=2)</c>; in [0, 1].
    /// </summary>
    public static double? JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (!TryTotals(p, q, out var sp, out var sq))
        {
            return null;
        }

        double left = 0, right = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2.0;
            left += RelativeEntropy(pi, m);
            right += RelativeEntropy(qi, m);
        }

        var js = (left + right) / Math.Log(2);
        return Math.Sqrt(Math.Max(0, js / 2.0));
    }

    /// <summary>HELLINGER = √(½ Σ (√p − √q)²); in [0, 1].</summary>
    public static double? Hellinger(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (!TryTotals(p, q, out var sp, out var sq))
        {
            return null;
        }

        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var d = Math.Sqrt(p[i] / sp) - Math.Sqrt(q[i] / sq);
            sum += d * d;
        }

        return Math.Sqrt(0.5 * sum);
    }

    /// <summary>
    /// POPULATION_STABILITY_INDEX = Σ (q − p)·ln(q / p), p the baseline's shares, q the window's,
    /// a share of exactly 0 replaced by <see cref="PsiZeroShare"/> (no renormalisation).
    /// </summary>
    public static double? PopulationStabilityIndex(ReadOnlySpan<double> baseline, ReadOnlySpan<double> window)
    {
        if (!TryTotals(baseline, window, out var sp, out var sq))
        {
            return null;
        }

        double sum = 0;
        for (var i = 0; i < baseline.Length; i++)
        {
            var p = baseline[i] / sp;
            var q = window[i] / sq;
            p = p == 0 ? PsiZeroShare : p;
            q = q == 0 ? PsiZeroShare : q;
            sum += (q - p) * Math.Log(q / p);
        }

        return sum;
    }

    /// <summary>Converts counts to doubles into <paramref name="destination"/> (helper for the span APIs).</summary>
    public static void ToWeights(ReadOnlySpan<long> counts, Span<double> destination)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            destination[i] = counts[i];
        }
    }

    // scipy.special.rel_entr for x ≥ 0, y ≥ 0 where y = 0 implies x = 0 (m = (p + q)/2 ≥ p/2).
    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0.0;

    private static bool TryTotals(ReadOnlySpan<double> p, ReadOnlySpan<double> q, out double sp, out double sq)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"Both distributions need the same bins ({p.Length} vs {q.Length}).", nameof(q));
        }

        sp = 0;
        sq = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0) || !(q[i] >= 0) || double.IsInfinity(p[i]) || double.IsInfinity(q[i]))
            {
                throw new ArgumentException($"Weights must be finite and non-negative (bin {i}: {p[i]}, {q[i]}).", nameof(p));
            }

            sp += p[i];
            sq += q[i];
        }

        return sp > 0 && sq > 0;
    }
}
