namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// A histogram over equal-width bins, as <c>numpy.histogram(x, bins=n, range=(min, max))</c>:
/// edges = <c>numpy.linspace(min, max, n + 1)</c> (edge_k = min + k·(max − min)/n, the last edge exactly max; when
/// min = max the range widens to [min − ½, max + ½]); a value v is in bin i when edge_i ≤ v &lt; edge_{i+1},
/// the last bin closed (v = max counts in it); values outside the range are not counted.
/// </summary>
/// <param name="Edges">n + 1 ascending edges.</param>
/// <param name="Counts">Rows per bin.</param>
/// <param name="Masses">Counts / total (probability masses; all 0 for an empty sample).</param>
public sealed record EqualWidthHistogram(double[] Edges, long[] Counts, double[] Masses)
{
    /// <summary>Rows counted.</summary>
    public long Total => Counts.Sum();

    /// <summary>The edges numpy.linspace(min, max, bins + 1) gives, with numpy.histogram's widening of an empty range.</summary>
    public static double[] EdgesFor(double min, double max, int bins)
    {
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        }

        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"The histogram range [{min}, {max}] is not a finite ascending range.", nameof(min));
        }

        if (min == max)
        {
            min -= 0.5;
            max += 0.5;
        }

        var edges = new double[bins + 1];
        var step = (max - min) / bins;
        for (var k = 0; k < bins; k++)
        {
            edges[k] = (k * step) + min;
        }

        edges[bins] = max;
        return edges;
    }

    /// <summary>Counts a value-count list on the given edges: one merge pass, O(k + bins).</summary>
    public static EqualWidthHistogram Build(ReadOnlySpan<ValueCount> values, double[] edges)
    {
        values = ValueCounts.Normalize(values);
        var bins = edges.Length - 1;
        var counts = new long[bins];
        var bin = 0;
        long total = 0;
        foreach (var vc in values)
        {
            var v = vc.Value;
            if (v < edges[0] || v > edges[bins])
            {
                continue;
            }

            while (bin < bins - 1 && edges[bin + 1] <= v)
            {
                bin++;
            }

            counts[bin] += vc.Count;
            total += vc.Count;
        }

        var masses = new double[bins];
        for (var i = 0; i < bins && total > 0; i++)
        {
            masses[i] = (double)counts[i] / total;
        }

        return new EqualWidthHistogram(edges, counts, masses);
    }
}
