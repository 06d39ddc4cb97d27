namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// What the drift of a numeric column needs from the baseline, prepared once per refresh and column:
/// the inner decile edges, the baseline's bin counts, sum and count, and its value-count list (for WASSERSTEIN).
/// Building it is O(k) in the baseline's distinct values.
/// </summary>
public sealed class NumericBaseline
{
    private readonly ValueCount[] values;
    private readonly long[] binCounts;
    private readonly double[] edges;

    private NumericBaseline(ValueCount[] values, double[] edges, long[] binCounts, long count, double sum)
    {
        this.values = values;
        this.edges = edges;
        this.binCounts = binCounts;
        Count = count;
        Sum = sum;
    }

    /// <summary>The nine inner edges (baseline deciles).</summary>
    public ReadOnlySpan<double> InnerEdges => edges;

    /// <summary>The baseline's counts in the 10 bins.</summary>
    public ReadOnlySpan<long> BinCounts => binCounts;

    /// <summary>The baseline's sorted value-count list.</summary>
    public ReadOnlySpan<ValueCount> Values => values;

    /// <summary>Non-null rows of the baseline.</summary>
    public long Count { get; }

    /// <summary>Σ v over the baseline.</summary>
    public double Sum { get; }

    /// <summary>Mean of the baseline.</summary>
    public double Mean => Sum / Count;

    /// <summary>
    /// Prepares the baseline from its value-count list (<c>SELECT v, COUNT(*) … GROUP BY v ORDER BY v</c>).
    /// <paramref name="sum"/> may pass the SQL <c>SUM(v)</c>; by default Σ value·count.
    /// </summary>
    public static NumericBaseline FromValueCounts(ReadOnlySpan<ValueCount> values, double? sum = null)
    {
        var sorted = ValueCounts.Normalize(values).ToArray();
        var count = ValueCounts.Total(sorted);
        if (count == 0)
        {
            throw new ArgumentException("The baseline has no non-null value for this column; drift cannot be computed.", nameof(values));
        }

        var edges = Quantiles.Deciles(sorted);
        var bins = new long[DecileBins.BinCount];
        DecileBins.Count(sorted, edges, bins);
        return new NumericBaseline(sorted, edges, bins, count, sum ?? ValueCounts.Sum(sorted));
    }

    /// <summary>Prepares the baseline from raw samples (NaN skipped).</summary>
    public static NumericBaseline FromSamples(ReadOnlySpan<double> samples) => FromValueCounts(ValueCounts.FromSamples(samples));
}
