using System.Text.Json.Nodes;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Registry;

/// <summary>
/// A version's metrics in the shape the lab stores them (scikit-learn's names): accuracy, precision, recall, f1_score,
/// roc_auc, log_loss, classification_report as <c>classification_report(output_dict=True)</c> and confusion_matrix as
/// <c>[[TN, FP], [FN, TP]]</c>.
/// </summary>
public static class ClassificationMetrics
{
    public static JsonObject ToJson(ConfusionCounts c, double? rocAuc, double? logLoss)
    {
        var metrics = new JsonObject
        {
            ["accuracy"] = c.Accuracy,
            ["precision"] = c.Precision,
            ["recall"] = c.Recall,
            ["f1_score"] = c.F1Score,
            ["classification_report"] = Report(c),
            ["confusion_matrix"] = new JsonArray(
                new JsonArray(c.TrueNegatives, c.FalsePositives),
                new JsonArray(c.FalseNegatives, c.TruePositives)),
        };
        if (rocAuc is { } auc) metrics["roc_auc"] = auc;
        if (logLoss is { } loss) metrics["log_loss"] = loss;
        return metrics;
    }

    /// <summary>classification_report(output_dict=True) for classes 0 and 1 (zero_division=0).</summary>
    public static JsonObject Report(ConfusionCounts c)
    {
        // Class 0's view swaps the roles: its true positives are the true negatives.
        var negative = new ConfusionCounts(c.TrueNegatives, c.FalseNegatives, c.TruePositives, c.FalsePositives);
        var zero = Row(negative, c.TrueNegatives + c.FalsePositives);
        var one = Row(c, c.ActualPositives);
        double support0 = c.TrueNegatives + c.FalsePositives, support1 = c.ActualPositives, total = c.Total;
        double Weighted(Func<ConfusionCounts, double> f) => total > 0 ? ((f(negative) * support0) + (f(c) * support1)) / total : 0;
        double Macro(Func<ConfusionCounts, double> f) => (f(negative) + f(c)) / 2;
        JsonObject Average(Func<Func<ConfusionCounts, double>, double> combine) => new()
        {
            ["precision"] = combine(x => x.Precision),
            ["recall"] = combine(x => x.Recall),
            ["f1-score"] = combine(x => x.F1Score),
            ["support"] = c.Total,
        };
        return new JsonObject
        {
            ["0"] = zero,
            ["1"] = one,
            ["accuracy"] = c.Accuracy,
            ["macro avg"] = Average(Macro),
            ["weighted avg"] = Average(Weighted),
        };
    }

    private static JsonObject Row(ConfusionCounts asPositive, long support) => new()
    {
        ["precision"] = asPositive.Precision,
        ["recall"] = asPositive.Recall,
        ["f1-score"] = asPositive.F1Score,
        ["support"] = support,
    };
}
