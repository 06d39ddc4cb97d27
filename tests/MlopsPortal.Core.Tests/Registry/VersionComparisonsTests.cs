using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Core.Tests.Registry;

/// <summary>The compare view's rules (docs/metrics.md): stored evaluations, the shared basis, deltas, rounding.</summary>
public sealed class VersionComparisonsTests
{
    private static readonly EvaluationBasis Weeks1To5 = new("INFERENCEMORTGAGEDATA", "MORTGAGERESPONSE", [new FilterCondition("WEEK", "<=", "5")], 0.5);
    private static readonly DateTime At = new(2026, 12, 3, 6, 0, 0, DateTimeKind.Utc);

    private static ModelVersion Version(string name, JsonObject metrics) => new(
        "M", name, null, metrics, ModelTasks.TabularBinaryClassification, [new FeatureSpec("A")], PreprocessingSpec.Identity([new FeatureSpec("A")]),
        new ModelSource("Upload", "m.json", "xgboost-json", new string('a', 64), 1, "m.json"), "dana", At, []);

    private static StoredEvaluation Evaluation(string version, EvaluationBasis basis, double accuracy, DateTime at, long tp = 10) => new(
        version, basis, 1000, at, "dana",
        new JsonObject { ["accuracy"] = accuracy, ["roc_auc"] = null, ["confusion_matrix"] = new JsonArray(new JsonArray(1L, 2L), new JsonArray(3L, tp)) });

    [Fact]
    public void Deltas_are_against_the_first_version_computed_raw_then_rounded_to_4_decimals()
    {
        var comparison = VersionComparisons.Compare("M", [Evaluation("V1", Weeks1To5, 0.671875, At), Evaluation("V2", Weeks1To5, 0.7792571829011914, At, tp: 25)]);

        var accuracy = comparison.Metrics.Single(m => m.Name == "accuracy");
        Assert.Equal([0.6719, 0.7793], accuracy.Values);
        Assert.Equal([null, 0.1074], accuracy.Deltas);
        // The delta comes from the raw values: 0.12346 − 0.12344 rounds to 0, though the rounded values differ by 0.0001.
        var close = VersionComparisons.Compare("M", [Evaluation("V1", Weeks1To5, 0.12344, At), Evaluation("V2", Weeks1To5, 0.12346, At)]);
        Assert.Equal([0.1234, 0.1235], close.Metrics.Single(m => m.Name == "accuracy").Values);
        Assert.Equal([null, 0.0], close.Metrics.Single(m => m.Name == "accuracy").Deltas);
        Assert.Equal(["rows", "accuracy", "true_negatives", "false_positives", "false_negatives", "true_positives"], comparison.Metrics.Select(m => m.Name));
        Assert.Equal([null, 15.0], comparison.Metrics.Single(m => m.Name == "true_positives").Deltas);
        Assert.Equal("INFERENCEMORTGAGEDATA where WEEK <= 5, label MORTGAGERESPONSE, threshold 0.5", comparison.Description);
        Assert.Equal("0.7793", VersionComparisons.Format("accuracy", 0.7792571829011914));
        Assert.Equal("1,000", VersionComparisons.Format("rows", 1000));
        Assert.Equal("−0.0500", VersionComparisons.FormatDelta("f1_score", -0.05));
        Assert.Equal("+15", VersionComparisons.FormatDelta("true_positives", 15));
        Assert.Equal("0", VersionComparisons.FormatDelta("accuracy", 0));
    }

    [Fact]
    public void Evaluations_are_kept_beside_the_registered_metrics_and_the_newest_shared_basis_is_found()
    {
        var other = Weeks1To5 with { Filter = [new FilterCondition("WEEK", "=", "6")] };
        var lab = new JsonObject { ["accuracy"] = 0.671875, ["evaluated_on"] = new JsonObject { ["table"] = "Mortgage_Data.csv (test split)" } };
        var v1 = lab;
        foreach (var (basis, minutes) in new[] { (Weeks1To5, 0), (other, 10) })
            v1 = VersionComparisons.WithEvaluation(v1, Evaluation("V1", basis, 0.6, At.AddMinutes(minutes)));
        var v2 = VersionComparisons.WithEvaluation(new JsonObject(), Evaluation("V2", Weeks1To5 with { Table = "inferencemortgagedata" }, 0.7, At.AddMinutes(5)));

        Assert.Equal(0.671875, v1["accuracy"]!.GetValue<double>()); // the registered (lab) metrics stay
        Assert.Null(lab["evaluations"]);                            // the input is not changed
        var shared = VersionComparisons.LatestShared([Version("V1", v1), Version("V2", v2)]);
        Assert.NotNull(shared);
        Assert.Equal(["V1", "V2"], shared.Select(e => e.Version));
        Assert.All(shared, e => Assert.True(e.Basis.SameAs(Weeks1To5)));
        Assert.Null(VersionComparisons.LatestShared([Version("V1", v1), Version("V3", new JsonObject())]));

        var many = new JsonObject();
        for (var i = 0; i < VersionComparisons.Kept + 5; i++)
            many = VersionComparisons.WithEvaluation(many, Evaluation("V1", Weeks1To5, i, At.AddMinutes(i)));
        var kept = VersionComparisons.Read(Version("V1", JsonNode.Parse(many.ToJsonString())!.AsObject()));
        Assert.Equal(VersionComparisons.Kept, kept.Count);
        Assert.Equal(VersionComparisons.Kept + 4, kept[^1].Metrics["accuracy"]!.GetValue<double>());
        Assert.Equal(Weeks1To5.Filter, kept[0].Basis.Filter);
    }
}
