using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

public sealed class DriftTests
{
    [Fact]
    public void Values_on_an_edge_go_to_the_upper_bin_and_duplicate_edges_leave_empty_bins()
    {
        double[] edges = [1, 2, 2, 2, 3, 4, 5, 6, 7];
        Assert.Equal(0, DecileBins.BinOf(0.5, edges));
        Assert.Equal(1, DecileBins.BinOf(1, edges));
        Assert.Equal(4, DecileBins.BinOf(2, edges)); // bins 2 and 3 are [2, 2): empty
        Assert.Equal(9, DecileBins.BinOf(7, edges));
        Assert.Equal(9, DecileBins.BinOf(1e9, edges));

        var counts = new long[10];
        DecileBins.Count([new(2, 5), new(0, 1), new(7, 2), new(2, 1)], edges, counts); // unsorted, repeated: normalised
        Assert.Equal([1L, 0, 0, 0, 6, 0, 0, 0, 0, 2], counts);
        Assert.Equal("CAST(\"V\" >= $1 AS INTEGER) + CAST(\"V\" >= $2 AS INTEGER)", DecileBins.SqlBinExpression("\"V\"", ["$1", "$2"]));
    }

    [Fact]
    public void Identical_distributions_have_zero_drift_and_empty_sides_give_null()
    {
        var baseline = NumericBaseline.FromSamples([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, double.NaN]);
        Assert.Equal(10, baseline.Count);
        Assert.Equal(5.5, baseline.Mean);
        var same = NumericDrift.Compute(baseline, ValueCounts.FromSamples([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        Assert.Equal(new NumericDrift(0, 0, 0, 0, 0), same);

        var empty = NumericDrift.Compute(baseline, []);
        Assert.Equal(new NumericDrift(null, null, null, null, null), empty);
        Assert.Throws<ArgumentException>(() => NumericBaseline.FromSamples([double.NaN]));
    }

    [Fact]
    public void Psi_replaces_zero_shares_by_1e_4()
    {
        var psi = DistributionDistance.PopulationStabilityIndex([1, 0], [0, 1])!.Value;
        Assert.Equal(2 * (1 - 1e-4) * Math.Log(1 / 1e-4), psi, 12);
        Assert.Null(DistributionDistance.JensenShannon([0, 0], [1, 1]));
        Assert.Equal(1.0, DistributionDistance.JensenShannon([1, 0], [0, 1]));
        Assert.Equal(1.0, DistributionDistance.Hellinger([2, 0], [0, 3]));
        Assert.Throws<ArgumentException>(() => DistributionDistance.Hellinger([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => DistributionDistance.Hellinger([-1, 2], [1, 2]));
    }

    [Fact]
    public void Categorical_drift_uses_the_union_of_categories_and_counts_unseen_ones()
    {
        var d = CategoricalDrift.Compute(
            [new("A", 50), new("B", 50)],
            [new("A", 50), new("C", 30), new("D", 20)]);
        Assert.Equal(2, d.UnseenCategories);
        Assert.Equal(50, d.UnseenCount);
        var expected = DistributionDistance.PopulationStabilityIndex([50, 50, 0, 0], [50, 0, 30, 20]);
        Assert.Equal(expected, d.PopulationStabilityIndex);
        Assert.Equal(DistributionDistance.JensenShannon([50, 50, 0, 0], [50, 0, 30, 20]), d.JensenShannon);
        Assert.Null(CategoricalDrift.Compute([new("A", 1)], []).Hellinger);
    }

    [Fact]
    public void Wasserstein_works_from_value_counts_in_any_order()
    {
        Assert.Equal(5.0, Wasserstein.Distance([new(0, 1)], [new(5, 3)]));
        Assert.Equal(Wasserstein.Distance([new(3, 1), new(1, 1), new(1, 1)], [new(2, 2)]), Wasserstein.Distance([new(1, 2), new(3, 1)], [new(2, 1), new(2, 1)]));
        Assert.Null(Wasserstein.Distance([], [new(1, 1)]));
    }

    [Fact]
    public void Quantiles_from_value_counts_equal_the_expanded_sample()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 50; trial++)
        {
            var samples = Enumerable.Range(0, rng.Next(1, 60)).Select(_ => (double)rng.Next(0, 8)).ToArray();
            var sorted = samples.Order().ToArray();
            var deciles = Quantiles.Deciles(ValueCounts.FromSamples(samples));
            for (var i = 0; i < 9; i++)
            {
                Assert.Equal(Quantiles.OfSorted(sorted, Quantiles.DecileProbabilities[i]), deciles[i]);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.OfSorted([1.0], 1.5));
        Assert.Throws<ArgumentException>(() => Quantiles.Deciles([]));
    }

    [Fact]
    public void Explorer_histograms_close_the_last_bin_and_widen_a_single_value_range()
    {
        var c = WeekComparison.Compare([0.0, 10.0], [10.0, 10.0]);
        Assert.Equal(11, c.First.Edges.Length);
        Assert.Equal([1L, 0, 0, 0, 0, 0, 0, 0, 0, 1], c.First.Counts);
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 0, 0, 2], c.Second.Counts);
        Assert.Equal([0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5], c.First.Masses);

        var single = WeekComparison.Compare([3.0], [3.0, 3.0]);
        Assert.Equal(2.5, single.First.Edges[0]);
        Assert.Equal(3.5, single.First.Edges[^1]);
        Assert.Equal(0.0, single.Hellinger);

        Assert.Null(WeekComparison.Compare([1.0, 2.0], []).Hellinger);
        Assert.Null(WeekComparison.Compare(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty).Hellinger);
    }
}

public sealed class DriftThresholdTests
{
    [Fact]
    public void Defaults_follow_the_issue_and_empty_values_never_breach()
    {
        Assert.Equal(0.1, DriftThresholds.Default(MetricNames.JensenShannon));
        Assert.Equal(0.2, DriftThresholds.Default(MetricNames.PopulationStabilityIndex));
        Assert.Equal(0.1, DriftThresholds.Default(MetricNames.Hellinger));
        Assert.Null(DriftThresholds.Default(MetricNames.Wasserstein));
        Assert.True(DriftThresholds.IsBreached(0.1, 0.1));
        Assert.False(DriftThresholds.IsBreached(null, 0.1));
        Assert.False(DriftThresholds.IsBreached(0.5, null));
    }
}
