using System.Diagnostics;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>
/// The finishing math is O(distinct values) and allocation-light: on SQL results that arrive sorted it allocates only
/// its small result objects, whatever the number of distinct values.
/// </summary>
public sealed class FinishingCostTests
{
    private const int Distinct = 1_000_000;

    [Fact]
    public void Numeric_drift_allocates_only_its_result_on_sorted_value_counts()
    {
        var rng = new Random(11);
        var baselineValues = Enumerable.Range(0, Distinct).Select(i => new ValueCount(i * 0.5, 1 + rng.Next(5))).ToArray();
        var windowValues = Enumerable.Range(0, Distinct).Select(i => new ValueCount((i * 0.5) + 0.25, 1 + rng.Next(5))).ToArray();
        var baseline = NumericBaseline.FromValueCounts(baselineValues);
        _ = NumericDrift.Compute(baseline, windowValues); // JIT

        var sw = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var drift = NumericDrift.Compute(baseline, windowValues);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        sw.Stop();

        Assert.NotNull(drift.Wasserstein);
        Assert.True(allocated < 1024, $"NumericDrift.Compute allocated {allocated} bytes for {Distinct:N0} distinct values");
        TestContext.Current.TestOutputHelper?.WriteLine($"NumericDrift.Compute over 2×{Distinct:N0} distinct values: {sw.Elapsed.TotalMilliseconds:F1} ms, {allocated} B");
    }

    [Fact]
    public void Performance_metrics_allocate_only_their_result_on_sorted_score_groups()
    {
        var groups = Enumerable.Range(0, Distinct).Select(i => new ScoreGroup(i / (double)Distinct, i % 3, (i + 1) % 2)).ToArray();
        var window = new PerformanceWindow(10, 10, new ConfusionCounts(1, 2, 3, 4), 3.0, 10);
        _ = PerformanceMetrics.Compute(window, groups);

        var sw = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var metrics = PerformanceMetrics.Compute(window, groups);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        sw.Stop();

        Assert.NotNull(metrics.RocAuc);
        Assert.True(allocated < 512, $"PerformanceMetrics.Compute allocated {allocated} bytes for {Distinct:N0} score groups");
        TestContext.Current.TestOutputHelper?.WriteLine($"PerformanceMetrics.Compute over {Distinct:N0} score groups: {sw.Elapsed.TotalMilliseconds:F1} ms, {allocated} B");
    }

    [Fact]
    public void Quantiles_from_value_counts_do_not_allocate()
    {
        var values = Enumerable.Range(0, Distinct).Select(i => new ValueCount(i, 2)).ToArray();
        Span<double> edges = stackalloc double[9];
        Quantiles.OfValueCounts(values, Quantiles.DecileProbabilities, edges);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Quantiles.OfValueCounts(values, Quantiles.DecileProbabilities, edges);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Quantiles.OfSorted([.. values.SelectMany(v => new[] { v.Value, v.Value })], 0.3), edges[2]);
    }
}
