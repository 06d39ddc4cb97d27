namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Quantiles by linear interpolation between order statistics: NumPy's default
/// (<c>numpy.quantile(x, q)</c>, method "linear", Hyndman–Fan 7), bit for bit:
/// h = (n − 1)·q, lo = ⌊h⌋, γ = h − lo, result = lerp(x[lo], x[lo+1], γ) where NumPy's lerp is
/// a + (b − a)·γ for γ &lt; ½ and b − (b − a)·(1 − γ) otherwise; h ≥ n − 1 gives the maximum.
/// DuckDB's <c>quantile_cont(v, q)</c> and Snowflake's <c>PERCENTILE_CONT</c> use the same h and
/// interpolate as a + (b − a)·γ, so they agree with this to the last bit for γ &lt; ½ and within
/// one ulp otherwise. The refresh job should take bin edges from here (over the baseline's value-count
/// list, which it reads anyway for WASSERSTEIN) so that edges are exactly NumPy's.
/// </summary>
public static class Quantiles
{
    /// <summary>The nine inner decile probabilities 0.1 … 0.9 (written as literals, as in the golden script).</summary>
    public static ReadOnlySpan<double> DecileProbabilities => Deciles9;

    private static readonly double[] Deciles9 = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>The q-quantile of an ascending sample without NaN.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        ValidateProbability(q);
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("The quantile of an empty sample is undefined.", nameof(sorted));
        }

        var n = sorted.Length;
        var h = (n - 1) * q;
        if (h >= n - 1)
        {
            return sorted[n - 1];
        }

        var lo = (int)Math.Floor(h);
        return Lerp(sorted[lo], sorted[lo + 1], h - lo);
    }

    /// <summary>
    /// Quantiles of the sample described by a value-count list (as if each value were repeated Count times),
    /// for ascending <paramref name="probabilities"/>; one pass, O(k + m), no allocation when
    /// <paramref name="values"/> is already sorted and merged.
    /// </summary>
    public static void OfValueCounts(ReadOnlySpan<ValueCount> values, ReadOnlySpan<double> probabilities, Span<double> destination)
    {
        if (destination.Length < probabilities.Length)
        {
            throw new ArgumentException("The destination is shorter than the list of probabilities.", nameof(destination));
        }

        values = ValueCounts.Normalize(values);
        var n = ValueCounts.Total(values);
        if (n == 0)
        {
            throw new ArgumentException("The quantile of an empty sample is undefined.", nameof(values));
        }

        var group = 0;          // index into values
        long groupEnd = values[0].Count; // rank (exclusive) where the current group ends
        for (var j = 0; j < probabilities.Length; j++)
        {
            var q = probabilities[j];
            ValidateProbability(q);
            if (j > 0 && q < probabilities[j - 1])
            {
                throw new ArgumentException("Probabilities must ascend.", nameof(probabilities));
            }

            var h = (n - 1) * q;
            if (h >= n - 1)
            {
                destination[j] = values[^1].Value;
                continue;
            }

            var lo = (long)Math.Floor(h);
            while (lo >= groupEnd)
            {
                group++;
                groupEnd += values[group].Count;
            }

            var a = values[group].Value;
            var b = lo + 1 < groupEnd ? a : values[group + 1].Value;
            destination[j] = Lerp(a, b, h - lo);
        }
    }

    /// <summary>The nine inner decile edges of a value-count list (see <see cref="DecileProbabilities"/>).</summary>
    public static double[] Deciles(ReadOnlySpan<ValueCount> values)
    {
        var edges = new double[9];
        OfValueCounts(values, DecileProbabilities, edges);
        return edges;
    }

    /// <summary>NumPy's <c>_lerp</c>.</summary>
    internal static double Lerp(double a, double b, double t)
    {
        var diff = b - a;
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }

    private static void ValidateProbability(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile probability must lie in [0, 1].");
        }
    }
}
