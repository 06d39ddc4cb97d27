namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// The week-vs-week explorer (docs/lab-workflow.md phase 2): two samples of one numeric column (e.g. two weeks), 10 equal-width
/// bins over their shared range [min, max] of both samples together, HELLINGER over the two probability-mass
/// vectors, and both histograms for an overlay chart. The bins are <see cref="EqualWidthHistogram"/>'s (numpy.histogram's).
/// </summary>
/// <param name="Hellinger">√(½ Σ (√p − √q)²) on the masses; <c>null</c> when a sample is empty.</param>
public sealed record WeekComparison(double? Hellinger, EqualWidthHistogram First, EqualWidthHistogram Second)
{
    /// <summary>Bins of the explorer.</summary>
    public const int DefaultBins = 10;

    /// <summary>Compares two value-count lists (SQL <c>GROUP BY v</c> per week): O(k_a + k_b).</summary>
    public static WeekComparison Compare(ReadOnlySpan<ValueCount> first, ReadOnlySpan<ValueCount> second, int bins = DefaultBins)
    {
        first = ValueCounts.Normalize(first);
        second = ValueCounts.Normalize(second);
        if (first.IsEmpty && second.IsEmpty)
        {
            var empty = EqualWidthHistogram.Build([], EqualWidthHistogram.EdgesFor(0, 1, bins));
            return new WeekComparison(null, empty, empty);
        }

        var min = Math.Min(first.IsEmpty ? double.PositiveInfinity : first[0].Value, second.IsEmpty ? double.PositiveInfinity : second[0].Value);
        var max = Math.Max(first.IsEmpty ? double.NegativeInfinity : first[^1].Value, second.IsEmpty ? double.NegativeInfinity : second[^1].Value);
        var edges = EqualWidthHistogram.EdgesFor(min, max, bins);
        var a = EqualWidthHistogram.Build(first, edges);
        var b = EqualWidthHistogram.Build(second, edges);
        return new WeekComparison(DistributionDistance.Hellinger(a.Masses, b.Masses), a, b);
    }

    /// <summary>Compares two raw samples (NaN skipped).</summary>
    public static WeekComparison Compare(ReadOnlySpan<double> first, ReadOnlySpan<double> second, int bins = DefaultBins) =>
        Compare(ValueCounts.FromSamples(first), ValueCounts.FromSamples(second), bins);
}
