namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// The 10 drift bins of a numeric column: inner edges e1 ≤ … ≤ e9 = the baseline's deciles
/// (<see cref="Quantiles.Deciles"/>); a value v falls in bin i (0-based) when e_i ≤ v &lt; e_{i+1},
/// with e_0 = −∞ and e_10 = +∞ (outer bins open). Equivalently the bin is the number of inner edges ≤ v
/// (<c>numpy.digitize(v, edges)</c> / <c>searchsorted(edges, v, side="right")</c>).
/// <para>
/// Duplicate edges (a value filling more than a decile) follow the same rule: when e_i = e_{i+1}, bin i is the
/// empty interval [e_i, e_i) and always counts 0, and values equal to the edge fall in the highest bin whose lower
/// edge equals it. Those empty bins get share 0 on both sides, which JENSEN_SHANNON and HELLINGER ignore and PSI
/// replaces by 1e-4 on both sides (contributing 0). The bin count stays 10.
/// </para>
/// <para>
/// SQL form (edges bound as parameters): <c>(v &gt;= e1)::INT + (v &gt;= e2)::INT + … + (v &gt;= e9)::INT AS bin</c>,
/// then <c>COUNT(*) … GROUP BY window, bin</c>.
/// </para>
/// </summary>
public static class DecileBins
{
    /// <summary>Number of bins.</summary>
    public const int BinCount = 10;

    /// <summary>The bin of one value (NaN is not binned: callers treat it as null).</summary>
    public static int BinOf(double value, ReadOnlySpan<double> innerEdges)
    {
        var bin = 0;
        while (bin < innerEdges.Length && innerEdges[bin] <= value)
        {
            bin++;
        }

        return bin;
    }

    /// <summary>
    /// Counts a value-count list into <paramref name="binCounts"/> (length edges + 1, cleared first).
    /// One merge pass over sorted values: O(k + bins).
    /// </summary>
    public static void Count(ReadOnlySpan<ValueCount> values, ReadOnlySpan<double> innerEdges, Span<long> binCounts)
    {
        if (binCounts.Length != innerEdges.Length + 1)
        {
            throw new ArgumentException($"Expected {innerEdges.Length + 1} bins for {innerEdges.Length} inner edges.", nameof(binCounts));
        }

        CountSorted(ValueCounts.Normalize(values), innerEdges, binCounts);
    }

    /// <summary><see cref="Count"/> for a list already normalised (<see cref="ValueCounts.Normalize"/>).</summary>
    internal static void CountSorted(ReadOnlySpan<ValueCount> values, ReadOnlySpan<double> innerEdges, Span<long> binCounts)
    {
        binCounts.Clear();
        var bin = 0;
        var edge = innerEdges.Length > 0 ? innerEdges[0] : double.PositiveInfinity;
        foreach (var vc in values)
        {
            while (edge <= vc.Value)
            {
                bin++;
                edge = bin < innerEdges.Length ? innerEdges[bin] : double.PositiveInfinity;
            }

            binCounts[bin] += vc.Count;
        }
    }

    /// <summary>The SQL expression giving the bin of <paramref name="quotedColumn"/> for edges bound as <c>$e1 … $e9</c> (or literals).</summary>
    public static string SqlBinExpression(string quotedColumn, IReadOnlyList<string> edgeParameters) =>
        string.Join(" + ", edgeParameters.Select(e => $"CAST({quotedColumn} >= {e} AS INTEGER)"));
}
