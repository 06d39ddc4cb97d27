namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Drift of a categorical column in one window against the baseline, over the union of categories seen on
/// either side (a category missing on one side has share 0 there; PSI replaces that share by 1e-4).
/// NULL is not a category: it is counted by COUNT_NULL.
/// </summary>
/// <param name="UnseenCategories">Categories present in the window but absent from the baseline.</param>
/// <param name="UnseenCount">Window rows holding those categories.</param>
public sealed record CategoricalDrift(
    double? JensenShannon,
    double? Hellinger,
    double? PopulationStabilityIndex,
    int UnseenCategories,
    long UnseenCount)
{
    /// <summary>
    /// Computes the drift from both sides' category counts. O(k_baseline + k_window) with one dictionary;
    /// the union is ordered baseline first, then the window's new categories (order does not change the values).
    /// </summary>
    public static CategoricalDrift Compute(IReadOnlyList<CategoryCount> baseline, IReadOnlyList<CategoryCount> window)
    {
        var index = new Dictionary<string, int>(baseline.Count + 4, StringComparer.Ordinal);
        var p = new List<double>(baseline.Count + 4);
        foreach (var c in baseline)
        {
            if (!index.TryGetValue(c.Category, out var k))
            {
                index[c.Category] = k = p.Count;
                p.Add(0);
            }

            p[k] += CheckCount(c);
        }

        var baselineCategories = p.Count;
        var q = new double[baselineCategories + window.Count];
        var unseen = new HashSet<int>();
        long unseenCount = 0;
        foreach (var c in window)
        {
            if (!index.TryGetValue(c.Category, out var k))
            {
                index[c.Category] = k = p.Count;
                p.Add(0);
            }

            if (k >= baselineCategories && c.Count > 0)
            {
                unseen.Add(k);
                unseenCount += c.Count;
            }

            q[k] += CheckCount(c);
        }

        var pSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(p);
        var qSpan = q.AsSpan(0, p.Count);
        return new CategoricalDrift(
            DistributionDistance.JensenShannon(pSpan, qSpan),
            DistributionDistance.Hellinger(pSpan, qSpan),
            DistributionDistance.PopulationStabilityIndex(pSpan, qSpan),
            unseen.Count,
            unseenCount);
    }

    /// <summary>The values keyed by <see cref="MetricNames"/>.</summary>
    public IEnumerable<KeyValuePair<string, double?>> ByName()
    {
        yield return new(MetricNames.JensenShannon, JensenShannon);
        yield return new(MetricNames.Hellinger, Hellinger);
        yield return new(MetricNames.PopulationStabilityIndex, PopulationStabilityIndex);
    }

    /// <summary>The rows to store for <paramref name="column"/>; countUsed = the window's non-null rows of the column.</summary>
    public IEnumerable<MetricValue> ToMetricValues(string column, long countUsed) =>
        ByName().Select(kv => new MetricValue(kv.Key, column, kv.Value, countUsed));

    private static long CheckCount(CategoryCount c) =>
        c.Count >= 0 ? c.Count : throw new ArgumentException($"Category '{c.Category}' has a negative count ({c.Count}).");
}
