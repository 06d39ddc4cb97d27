using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

public sealed class PerformanceMetricsTests
{
    [Fact]
    public void Undefined_ratios_are_zero_like_sklearn_zero_division_0()
    {
        var none = new ConfusionCounts(0, 0, 0, 0);
        Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0), (none.Accuracy, none.Precision, none.Recall, none.F1Score, none.PositiveRate));

        var noPredictedPositive = new ConfusionCounts(0, 0, 5, 3);
        Assert.Equal((0.0, 0.0, 0.0), (noPredictedPositive.Precision, noPredictedPositive.Recall, noPredictedPositive.F1Score));
        Assert.Equal(5.0 / 8, noPredictedPositive.Accuracy);
    }

    [Fact]
    public void Confusion_counts_sum_and_reject_non_binary_classes()
    {
        var c = new ConfusionCounts().Add(1, 1).Add(0, 1).Add(0, 0).Add(1, 0) + new ConfusionCounts(1, 2, 3, 4);
        Assert.Equal(new ConfusionCounts(2, 3, 4, 5), c);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Add(2, 1));
    }

    [Fact]
    public void Roc_auc_is_empty_when_a_class_is_missing_and_half_for_all_ties()
    {
        Assert.Null(RocAuc.FromScoreGroups([new ScoreGroup(0.2, 3, 0), new ScoreGroup(0.9, 1, 0)]));
        Assert.Null(RocAuc.FromScoreGroups([]));
        Assert.Equal(0.5, RocAuc.FromScoreGroups([new ScoreGroup(0.5, 7, 3)]));
        Assert.Equal(1.0, RocAuc.FromScoreGroups([new ScoreGroup(0.9, 4, 0), new ScoreGroup(0.1, 0, 6)]));
        Assert.Throws<ArgumentException>(() => RocAuc.FromScoreGroups([new ScoreGroup(double.NaN, 1, 1)]));
    }

    [Fact]
    public void Roc_auc_is_exact_for_large_counts()
    {
        // 5M positives above 5M negatives at distinct scores, one shared tie group: U is far beyond 2^53 / 2.
        var groups = new[] { new ScoreGroup(0.1, 0, 5_000_000), new ScoreGroup(0.5, 1_000_000, 1_000_000), new ScoreGroup(0.9, 5_000_000, 0) };
        var p = 6_000_000.0;
        var n = 6_000_000.0;
        var expected = ((5e6 * 6e6) + (1e6 * (5e6 + 0.5e6))) / (p * n);
        Assert.Equal(expected, RocAuc.FromScoreGroups(groups)!.Value, 15);
    }

    [Fact]
    public void Log_loss_clips_scores_and_finishes_from_sums()
    {
        Assert.Equal(-Math.Log(1e-15), LogLoss.Term(1, 0.0));
        Assert.Equal(-Math.Log(1 - (1 - 1e-15)), LogLoss.Term(0, 1.0));
        Assert.Equal(-Math.Log(0.8), LogLoss.Term(1, 0.8), 15);
        Assert.Null(LogLoss.FromSum(0, 0));
        Assert.Equal(0.25, LogLoss.FromSum(1.0, 4));
        Assert.Contains("LN(", LogLoss.SqlSumExpression("\"Y\"", "\"P\""));
    }

    [Fact]
    public void Performance_metrics_are_listed_under_the_stable_names()
    {
        var m = PerformanceMetrics.Compute(new PerformanceWindow(10, 8, new ConfusionCounts(3, 1, 3, 1), 4.0, 8), [new ScoreGroup(0.3, 1, 3), new ScoreGroup(0.8, 3, 1)]);
        var byName = m.ByName().ToDictionary();
        Assert.Equal(MetricNames.Performance, byName.Keys);
        Assert.Equal(10, byName[MetricNames.Count]);
        Assert.Equal(0.75, byName[MetricNames.F1Score]);
        Assert.Equal(0.5, byName[MetricNames.LogLoss]);
        Assert.Equal(0.75, byName[MetricNames.RocAuc]); // (1·1.5 + 3·3.5) / 16
        Assert.Null(PerformanceMetrics.Compute(new PerformanceWindow(1, 1, new ConfusionCounts(1, 0, 0, 0)), []).LogLoss);

        // Predictions without actuals yet: the ratios are empty, not 0 (no false "F1 dropped" alert).
        var pending = PerformanceMetrics.Compute(new PerformanceWindow(50, 0, default), []);
        Assert.Equal((50L, 0L), (pending.Count, pending.ActualsCount));
        Assert.Equal(new double?[] { null, null, null, null, null, null }, new[] { pending.Accuracy, pending.Precision, pending.Recall, pending.F1Score, pending.PositiveRate, pending.RocAuc });

        var rows = m.ToMetricValues().ToDictionary(v => v.Metric);
        Assert.Equal(new MetricValue(MetricNames.F1Score, null, 0.75, 8), rows[MetricNames.F1Score]);
        Assert.Equal(new MetricValue(MetricNames.RocAuc, null, 0.75, 8), rows[MetricNames.RocAuc]);
        Assert.Equal(new MetricValue(MetricNames.Count, null, 10, 10), rows[MetricNames.Count]);
        Assert.Equal(new MetricValue(MetricNames.LogLoss, null, 0.5, 8), rows[MetricNames.LogLoss]);
        Assert.Equal(new MetricValue(MetricNames.CountNull, "X", 3, 10), new ColumnCounts(10, 7).ToMetricValue("X"));
    }
}
