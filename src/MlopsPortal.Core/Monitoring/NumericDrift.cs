namespace MlopsPortal.Core.Monitoring;

/// <summary>Drift of a numeric column in one window against the baseline; <c>null</c> = not computable (empty window).</summary>
public sealed record NumericDrift(
    double? JensenShannon,
    double? Hellinger,
    double? PopulationStabilityIndex,
    double? Wasserstein,
    double? DifferenceOfMeans)
{
    /// <summary>
    /// Full drift from the window's value-count list: histogram on the baseline's edges, the three bin distances,
    /// WASSERSTEIN and DIFFERENCE_OF_MEANS. O(k_window + k_baseline); allocation-free when the window list is sorted.
    /// <paramref name="windowSum"/> may pass the SQL <c>SUM(v)</c>; by default Σ value·count.
    /// </summary>
    public static NumericDrift Compute(NumericBaseline baseline, ReadOnlySpan<ValueCount> window, double? windowSum = null)
    {
        window = ValueCounts.Normalize(window);
        long count = 0;
        double sum = 0;
        foreach (var vc in window)
        {
            count += vc.Count;
            sum += vc.Value * vc.Count;
        }

        Span<long> bins = stackalloc long[DecileBins.BinCount];
        DecileBins.CountSorted(window, baseline.InnerEdges, bins);
        var (js, hellinger, psi) = FromBinCounts(baseline.BinCounts, bins);
        return new NumericDrift(
            js,
            hellinger,
            psi,
            Monitoring.Wasserstein.OfSorted(baseline.Values, window, baseline.Count, count),
            MeanDifference(windowSum ?? sum, count, baseline.Sum, baseline.Count));
    }

    /// <summary>
    /// JENSEN_SHANNON, HELLINGER and PSI from the 10 bin counts of each side (when the window's bins are counted in SQL
    /// with <see cref="DecileBins.SqlBinExpression"/>).
    /// </summary>
    public static (double? JensenShannon, double? Hellinger, double? PopulationStabilityIndex) FromBinCounts(
        ReadOnlySpan<long> baselineBins, ReadOnlySpan<long> windowBins)
    {
        if (baselineBins.Length != windowBins.Length || baselineBins.Length > 64)
        {
            throw new ArgumentException("Baseline and window need the same (small) number of bins.", nameof(windowBins));
        }

        Span<double> p = stackalloc double[baselineBins.Length];
        Span<double> q = stackalloc double[windowBins.Length];
        DistributionDistance.ToWeights(baselineBins, p);
        DistributionDistance.ToWeights(windowBins, q);
        return (DistributionDistance.JensenShannon(p, q),
            DistributionDistance.Hellinger(p, q),
            DistributionDistance.PopulationStabilityIndex(p, q));
    }

    /// <summary>DIFFERENCE_OF_MEANS = window mean − baseline mean from SQL sums and non-null counts; <c>null</c> when a side is empty.</summary>
    public static double? MeanDifference(double windowSum, long windowCount, double baselineSum, long baselineCount) =>
        windowCount > 0 && baselineCount > 0 ? (windowSum / windowCount) - (baselineSum / baselineCount) : null;

    /// <summary>The values keyed by <see cref="MetricNames"/>.</summary>
    public IEnumerable<KeyValuePair<string, double?>> ByName()
    {
        yield return new(MetricNames.JensenShannon, JensenShannon);
        yield return new(MetricNames.Hellinger, Hellinger);
        yield return new(MetricNames.PopulationStabilityIndex, PopulationStabilityIndex);
        yield return new(MetricNames.Wasserstein, Wasserstein);
        yield return new(MetricNames.DifferenceOfMeans, DifferenceOfMeans);
    }

    /// <summary>The rows to store for <paramref name="column"/>; countUsed = the window's non-null rows of the column.</summary>
    public IEnumerable<MetricValue> ToMetricValues(string column, long countUsed) =>
        ByName().Select(kv => new MetricValue(kv.Key, column, kv.Value, countUsed));
}
