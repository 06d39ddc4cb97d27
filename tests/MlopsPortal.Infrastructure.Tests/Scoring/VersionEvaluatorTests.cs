using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Tests.Registry;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>Metrics of V1 computed on the labelled lab table equal scikit-learn's on XGBoost's own predictions.</summary>
public sealed class VersionEvaluatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_on_a_labelled_table_match_scikit_learn_and_are_stored_on_the_version()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var evaluator = new VersionEvaluator(bed.Warehouse, bed.Registry, new ModelCache(), bed.User);
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(ScoringBed.RepoRoot, "tests", "MlopsPortal.Infrastructure.Tests", "Scoring", MlopsPortal.TestKit.LabFiles.Golden("lab_evaluation_golden.json"))))!.AsObject();

        var metrics = await evaluator.EvaluateAndStoreAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, "MORTGAGERESPONSE"), Ct);

        foreach (var name in new[] { "accuracy", "precision", "recall", "f1_score" })
            Assert.Equal(golden[name]!.GetValue<double>(), metrics[name]!.GetValue<double>(), 1e-12);
        Assert.Equal(golden["roc_auc"]!.GetValue<double>(), metrics["roc_auc"]!.GetValue<double>(), 1e-6);
        Assert.Equal(golden["log_loss"]!.GetValue<double>(), metrics["log_loss"]!.GetValue<double>(), 1e-6);
        Assert.Equal(golden["confusion_matrix"]!.ToJsonString(), metrics["confusion_matrix"]!.ToJsonString());
        var report = metrics["classification_report"]!.AsObject();
        foreach (var row in new[] { "0", "1", "macro avg", "weighted avg" })
            foreach (var field in new[] { "precision", "recall", "f1-score", "support" })
                Assert.Equal(D(golden["classification_report"]![row]![field]), D(report[row]![field]), 1e-12);

        var stored = await bed.Registry.GetVersionAsync(ScoringBed.Model, "V1", Ct);
        Assert.Equal(metrics["f1_score"]!.GetValue<double>(), stored.Metrics["f1_score"]!.GetValue<double>());
        Assert.Equal(4800, stored.Metrics["evaluated_on"]!["rows"]!.GetValue<long>());
    }

    private static double D(JsonNode? node) => double.Parse(node!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_missing_label_column_is_named_and_nothing_changes()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var evaluator = new VersionEvaluator(bed.Warehouse, bed.Registry, new ModelCache(), bed.User);
        var before = (await bed.Registry.GetVersionAsync(ScoringBed.Model, "V1", Ct)).Metrics.ToJsonString();

        var e = await Assert.ThrowsAsync<PortalValidationException>(() => evaluator.EvaluateAndStoreAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, "NO_LABEL"), Ct));
        Assert.Contains("NO_LABEL", e.Message);
        await Assert.ThrowsAsync<PortalForbiddenException>(() =>
            new VersionEvaluator(bed.Warehouse, bed.Registry, new ModelCache(), new FakeUser("vic", Role.Viewer)).EvaluateAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, "MORTGAGERESPONSE"), Ct));
        Assert.Equal(before, (await bed.Registry.GetVersionAsync(ScoringBed.Model, "V1", Ct)).Metrics.ToJsonString());
    }
}
