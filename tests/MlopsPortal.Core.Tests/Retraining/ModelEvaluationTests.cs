using System.Text.Json.Nodes;
using MlopsPortal.Core.Retraining;

namespace MlopsPortal.Core.Tests.Retraining;

/// <summary>The training run's evaluation against scikit-learn 1.2 (golden written by make_evaluation_golden.py).</summary>
public sealed class ModelEvaluationTests
{
    private static readonly JsonObject Golden =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Retraining", "evaluation_golden.json")))!.AsObject();

    private static ModelEvaluation Evaluate()
    {
        var labels = Golden["labels"]!.AsArray().Select(v => v!.GetValue<int>() == 1).ToArray();
        var scores = Golden["scores"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        return ModelEvaluation.Compute("V2", labels, scores);
    }

    [Fact]
    public void Metrics_equal_scikit_learn()
    {
        var e = Evaluate();
        Assert.Equal(500, e.Rows);
        Assert.Equal(D("accuracy"), e.Accuracy, 12);
        Assert.Equal(D("precision"), e.Precision, 12);
        Assert.Equal(D("recall"), e.Recall, 12);
        Assert.Equal(D("f1"), e.F1Score, 12);
        Assert.Equal(D("roc_auc"), e.RocAuc!.Value, 12);
        Assert.Equal(D("log_loss"), e.LogLoss, 12);
        var cm = Golden["confusion_matrix"]!.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<long>()).ToArray()).ToArray();
        Assert.Equal(cm, e.ConfusionMatrix);
    }

    [Fact]
    public void Classification_report_has_scikit_learns_shape_and_values()
    {
        var mine = Evaluate().ClassificationReport;
        var theirs = Golden["classification_report"]!.AsObject();
        Assert.Equal(theirs.Select(p => p.Key), mine.Select(p => p.Key));
        foreach (var (key, value) in theirs)
        {
            if (value is JsonObject row)
                foreach (var (metric, v) in row)
                    Assert.Equal(Num(v), Num(mine[key]![metric]), 12);
            else
                Assert.Equal(Num(value), Num(mine[key]), 12);
        }
    }

    [Fact]
    public void Roc_curve_equals_scikit_learns_roc_curve_without_dropped_points()
    {
        var curve = Evaluate().RocCurve;
        var fpr = Golden["roc_fpr"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var tpr = Golden["roc_tpr"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(fpr.Length, curve.Count);
        for (var i = 0; i < fpr.Length; i++)
        {
            Assert.Equal(fpr[i], curve[i].FalsePositiveRate, 12);
            Assert.Equal(tpr[i], curve[i].TruePositiveRate, 12);
        }
    }

    [Fact]
    public void Registry_metrics_carry_the_V1_keys_and_the_split_is_reproducible_and_stratified()
    {
        var metrics = Evaluate().ToRegistryMetrics();
        foreach (var key in new[] { "accuracy", "f1_score", "classification_report", "confusion_matrix" })
            Assert.NotNull(metrics[key]);

        var labels = Enumerable.Range(0, 1000).Select(i => i % 4 == 0).ToArray();
        var (train, test) = TrainTestSplit.Split(labels, 0.2, 42, stratified: true);
        Assert.Equal(200, test.Length);
        Assert.Equal(50, test.Count(i => labels[i]));
        Assert.Empty(train.Intersect(test));
        Assert.Equal(test, TrainTestSplit.Split(labels, 0.2, 42, stratified: true).Test);
        Assert.NotEqual(test, TrainTestSplit.Split(labels, 0.2, 43, stratified: true).Test);
        Assert.Throws<ArgumentException>(() => TrainTestSplit.Split(labels, 1.0, 42, false));
    }

    private static double Num(JsonNode? n) => double.Parse(n!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static double D(string key) => Golden[key]!.GetValue<double>();
}
