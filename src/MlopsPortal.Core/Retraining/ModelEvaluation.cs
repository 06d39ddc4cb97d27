using System.Text.Json.Nodes;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Retraining;

/// <summary>One point of a ROC curve: false and true positive rates at a score threshold.</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>
/// A model's evaluation on labelled rows, with scikit-learn's definitions (the same math the monitors use):
/// class 1 when the score is above the threshold; ratios with zero_division=0; ROC AUC by Mann–Whitney (null with one class);
/// log loss with scores clipped to [1e-15, 1-1e-15]; the confusion matrix as [[TN, FP], [FN, TP]].
/// </summary>
public sealed record ModelEvaluation(
    string Version,
    long Rows,
    double Accuracy,
    double Precision,
    double Recall,
    double F1Score,
    double? RocAuc,
    double LogLoss,
    long[][] ConfusionMatrix,
    JsonObject ClassificationReport,
    IReadOnlyList<RocPoint> RocCurve)
{
    /// <summary>Most points kept on the ROC curve (evenly over the thresholds, ends always kept).</summary>
    public const int MaxRocPoints = 201;

    public static ModelEvaluation Compute(string version, ReadOnlySpan<bool> actual, ReadOnlySpan<float> scores, double threshold = 0.5)
    {
        if (actual.Length != scores.Length)
            throw new ArgumentException($"{actual.Length} labels but {scores.Length} scores.");
        var confusion = new ConfusionCounts();
        double lossSum = 0;
        var groups = new Dictionary<double, (long Pos, long Neg)>();
        for (var i = 0; i < actual.Length; i++)
        {
            int y = actual[i] ? 1 : 0;
            double s = scores[i];
            confusion = confusion.Add(y, s > threshold ? 1 : 0);
            lossSum += Monitoring.LogLoss.Term(y, s);
            var g = groups.GetValueOrDefault(s);
            groups[s] = y == 1 ? (g.Pos + 1, g.Neg) : (g.Pos, g.Neg + 1);
        }
        var sorted = groups.OrderBy(g => g.Key).Select(g => new ScoreGroup(g.Key, g.Value.Pos, g.Value.Neg)).ToArray();
        return new ModelEvaluation(
            version, actual.Length, confusion.Accuracy, confusion.Precision, confusion.Recall, confusion.F1Score,
            Monitoring.RocAuc.FromScoreGroups(sorted), actual.Length == 0 ? 0 : lossSum / actual.Length,
            [[confusion.TrueNegatives, confusion.FalsePositives], [confusion.FalseNegatives, confusion.TruePositives]],
            Report(confusion), Roc(sorted));
    }

    /// <summary>The metrics JSON a registry version carries, in the shape the lab's V1 has (and Snowflake clients read).</summary>
    public JsonObject ToRegistryMetrics() => new()
    {
        ["accuracy"] = Accuracy,
        ["f1_score"] = F1Score,
        ["precision"] = Precision,
        ["recall"] = Recall,
        ["roc_auc"] = RocAuc,
        ["log_loss"] = LogLoss,
        ["classification_report"] = ClassificationReport.DeepClone(),
        ["confusion_matrix"] = new JsonArray(ConfusionMatrix.Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode)JsonValue.Create(v)).ToArray())).ToArray()),
    };

    /// <summary>scikit-learn's <c>classification_report(output_dict=True)</c> for labels 0 and 1.</summary>
    private static JsonObject Report(ConfusionCounts c)
    {
        long support0 = c.TrueNegatives + c.FalsePositives, support1 = c.ActualPositives;
        // class 0 seen as the positive class: its TP are the true negatives
        var zero = new ConfusionCounts(c.TrueNegatives, c.FalseNegatives, c.TruePositives, c.FalsePositives);
        var rows = new[] { (Label: "0", Counts: zero, Support: support0), (Label: "1", Counts: c, Support: support1) };
        var report = new JsonObject();
        foreach (var (label, counts, support) in rows)
            report[label] = Row(counts.Precision, counts.Recall, counts.F1Score, support);
        report["accuracy"] = c.Accuracy;
        long total = support0 + support1;
        report["macro avg"] = Row((zero.Precision + c.Precision) / 2, (zero.Recall + c.Recall) / 2, (zero.F1Score + c.F1Score) / 2, total);
        double W(double a, double b) => total == 0 ? 0 : (a * support0 + b * support1) / total;
        report["weighted avg"] = Row(W(zero.Precision, c.Precision), W(zero.Recall, c.Recall), W(zero.F1Score, c.F1Score), total);
        return report;
    }

    private static JsonObject Row(double precision, double recall, double f1, long support) => new()
    {
        ["precision"] = precision, ["recall"] = recall, ["f1-score"] = f1, ["support"] = support,
    };

    /// <summary>(FPR, TPR) from the highest threshold down, as scikit-learn's roc_curve (starting at (0, 0)).</summary>
    private static List<RocPoint> Roc(ScoreGroup[] ascending)
    {
        long p = ascending.Sum(g => g.Positives), n = ascending.Sum(g => g.Negatives);
        if (p == 0 || n == 0) return [];
        var all = new List<RocPoint>(ascending.Length + 1) { new(0, 0, ascending[^1].Score + 1) }; // scikit-learn < 1.3's first threshold (JSON has no infinity)
        long tp = 0, fp = 0;
        for (var i = ascending.Length - 1; i >= 0; i--)
        {
            tp += ascending[i].Positives;
            fp += ascending[i].Negatives;
            all.Add(new RocPoint((double)fp / n, (double)tp / p, ascending[i].Score));
        }
        if (all.Count <= MaxRocPoints) return all;
        var kept = new List<RocPoint>(MaxRocPoints);
        for (var k = 0; k < MaxRocPoints; k++)
            kept.Add(all[(int)Math.Round((double)k * (all.Count - 1) / (MaxRocPoints - 1))]);
        return kept;
    }
}
