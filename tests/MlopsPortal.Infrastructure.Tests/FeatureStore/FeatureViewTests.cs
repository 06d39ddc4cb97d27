using MlopsPortal.Core.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests.FeatureStore;

/// <summary>docs/lab-workflow.md phase 3 step 3: LOAN_ENTITY and LOAN_FEATURES_OHE$1 from the lab recipe, then a training set.</summary>
public sealed class FeatureViewTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static FeatureViewSpec LabView { get; } = new(
        "LOAN_FEATURES_OHE", 1, ["LOAN_ENTITY"], "WEEK_START_DATE", SourceTable: null, Recipe: LabRecipeTemplate.Name,
        Features: ["*_OHE_*", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "WEEK"], Schedule: "daily");

    private static async Task<FeatureStoreBed> LabViewAsync()
    {
        var bed = await FeatureStoreBed.CreateAsync(withLabData: true);
        await bed.RecipeService.SaveAsync(LabRecipeTemplate.Recipe, Ct);
        await bed.Service.CreateEntityAsync(new EntitySpec("LOAN_ENTITY", ["LOAN_ID"]), Ct);
        await bed.Service.CreateViewAsync(LabView, Ct);
        return bed;
    }

    [Fact]
    public async Task Lab_feature_view_materializes_keys_timestamp_and_features_without_the_label()
    {
        await using var bed = await LabViewAsync();
        Assert.Equal([("LOAN_FEATURES_OHE", 1, "0 0 * * *")], bed.Scheduler.Scheduled);

        var rows = await bed.Service.RefreshAsync("LOAN_FEATURES_OHE", 1, Ct);

        Assert.Equal(5300, rows);
        var table = (await bed.Warehouse.DescribeTableAsync("LOAN_FEATURES_OHE$1"))!;
        var names = table.Columns.Select(c => c.Name).ToList();
        Assert.Equal(["LOAN_ID", "WEEK_START_DATE"], names.Take(2));
        Assert.Contains("LOAN_TYPE_NAME_OHE_Conventional", names);
        Assert.Contains("LOAN_PURPOSE_NAME_OHE_Refinancing", names);
        Assert.Contains("APPLICANT_INCOME_000S", names);
        Assert.Contains("WEEK", names);
        Assert.DoesNotContain("MORTGAGERESPONSE", names);
        Assert.DoesNotContain("TS", names);
        Assert.DoesNotContain("LOAN_TYPE_NAME", names);
        // keys and timestamp, one column per loan type, purpose and county (4 + 3 + 47 in the lab's file), 3 numeric
        var source = MlopsPortal.TestKit.LabTable.Read(MlopsPortal.TestKit.LabFiles.NewTraining);
        var categories = new[] { "LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME" }.Sum(c => source.Column(c).Distinct().Count());
        Assert.Equal(2 + categories + 3, names.Count);

        var detail = await bed.Service.GetViewAsync("LOAN_FEATURES_OHE", 1, Ct);
        Assert.Equal("NEWTRAININGDATA_FINAL", detail.Lineage.SourceTable);
        Assert.Equal("NEWTRAININGDATA", detail.Lineage.RecipeSourceTable);
        Assert.Equal(5300, detail.View.Rows);
        Assert.Equal(["LOAN_ID"], detail.Keys);
        Assert.NotNull(detail.NextRefresh);

        // A second refresh replaces the table whole: no duplicated rows.
        Assert.Equal(5300, await bed.Service.RefreshAsync("LOAN_FEATURES_OHE", 1, Ct));
    }

    [Fact]
    public async Task Lab_training_set_names_the_non_unique_key_refuses_by_default_writes_on_warn_and_records_lineage()
    {
        await using var bed = await LabViewAsync();
        await bed.Service.RefreshAsync("LOAN_FEATURES_OHE", 1, Ct);
        var request = new TrainingSetRequest(
            "NEWTRAININGDATA", "WEEK_START_DATE", ["MORTGAGERESPONSE"], "LOAN_FEATURES_OHE", 1,
            ["LOAN_PURPOSE_NAME_OHE_Home_improvement", "LOAN_PURPOSE_NAME_OHE_Home_purchase", "LOAN_PURPOSE_NAME_OHE_Refinancing", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S"],
            "MORTGAGE_TRAINING_SET");

        // What the data says: every spine row matches its own (LOAN_ID, WEEK_START_DATE); those in a group of several are ambiguous.
        var source = MlopsPortal.TestKit.LabTable.Read(MlopsPortal.TestKit.LabFiles.NewTraining);
        var groups = Enumerable.Range(0, source.Rows.Count).GroupBy(i => (
            Id: long.Parse(source.Cell(i, "LOAN_ID"), CultureInfo.InvariantCulture),
            Week: DateTime.Parse(source.Cell(i, "WEEK_START_DATE"), CultureInfo.InvariantCulture))).ToList();
        var duplicated = groups.Where(g => g.Count() > 1).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Id).ThenBy(g => g.Key.Week).ToList();
        var ambiguous = duplicated.Sum(g => g.Count());
        Assert.True(duplicated.Count > 0, $"the key (LOAN_ID, WEEK_START_DATE) should repeat in {MlopsPortal.TestKit.LabFiles.Source}");
        if (MlopsPortal.TestKit.LabFiles.IsLab)
            Assert.Equal((344, 44, 5000), (groups.Count, duplicated.Count, ambiguous));
        var example = FormattableString.Invariant($"LOAN_ID={duplicated[0].Key.Id}, WEEK_START_DATE={duplicated[0].Key.Week:yyyy-MM-dd} ({duplicated[0].Count():N0} rows)");

        var refusal = (await Assert.ThrowsAsync<PortalValidationException>(() => bed.Service.CreateTrainingSetAsync(request, Ct))).Message;
        Assert.Contains(FormattableString.Invariant($"{duplicated.Count:N0} duplicated keys (e.g. {example})"), refusal);
        Assert.Contains(FormattableString.Invariant($"leave {ambiguous:N0} of 5,300 spine rows ambiguous"), refusal);
        Assert.Null(await bed.Warehouse.DescribeTableAsync("MORTGAGE_TRAINING_SET"));

        var result = await bed.Service.CreateTrainingSetAsync(request with { OnDuplicateKeys = DuplicateKeyPolicy.Warn }, Ct);

        Assert.Equal((5300L, 5300L - ambiguous, 0L, (long)ambiguous), (result.Rows, result.Matched, result.Unmatched, result.Ambiguous));
        Assert.Equal(duplicated.Count, result.DuplicateKeys);
        Assert.Equal(example, result.ExampleKey);
        Assert.Contains(example, result.Warning);
        Assert.Equal(5300, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM MORTGAGE_TRAINING_SET"));
        Assert.Equal(0, await bed.Warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM MORTGAGE_TRAINING_SET WHERE FEATURE_TIMESTAMP > WEEK_START_DATE OR APPLICANT_INCOME_000S IS NULL"));

        await bed.Service.RecordTrainingUseAsync("LOAN_FEATURES_OHE", 1, "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "V2", "MORTGAGE_TRAINING_SET", Ct);
        var use = Assert.Single((await bed.Service.GetViewAsync("LOAN_FEATURES_OHE", 1, Ct)).Lineage.TrainedVersions);
        Assert.Equal(("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "V2", "LOAN_FEATURES_OHE$1"), (use.Model, use.Version, use.ViewTable));
        // The other way round, for V2's page: what the version was trained on (another version shows nothing).
        var onV2 = Assert.Single(await bed.Service.TrainedOnAsync("college_ai_hol_xgb_mortgage_model", "V2", Ct));
        Assert.Equal(("LOAN_FEATURES_OHE$1", "MORTGAGE_TRAINING_SET", "dana"), (onV2.ViewTable, onV2.TrainingSet, onV2.RecordedBy));
        Assert.Empty(await bed.Service.TrainedOnAsync("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "V1", Ct));

        // A registry version whose source names the view counts too, without a recorded use; one that names another view does not.
        foreach (var (version, uri) in new[] { ("V3", "trained on LOAN_FEATURES_OHE$1"), ("V4", "trained on LOAN_FEATURES_OHE$2"), ("V5", "s3://b/LOAN_FEATURES_OHE$10/m") })
        {
            var f = new FeatureSpec("APPLICANT_INCOME_000S");
            await bed.RegistryStore.AddVersionAsync(new NewModelVersion(new ModelVersion("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", version, null, new JsonObject(),
                ModelTasks.TabularBinaryClassification, [f], PreprocessingSpec.Identity([f]), new ModelSource("Trained", uri, "xgboost-json", new string('a', 64), 1, "m.json"),
                "dana", DateTime.UtcNow, []), null, new Dictionary<string, string>()), Ct);
        }
        var trained = (await bed.Service.GetViewAsync("LOAN_FEATURES_OHE", 1, Ct)).Lineage.TrainedVersions.Select(u => u.Version).Order().ToList();
        Assert.Equal(["V2", "V3"], trained);
    }

    [Fact]
    public async Task Bad_views_and_training_sets_are_refused_naming_the_problem()
    {
        await using var bed = await LabViewAsync();
        async Task<string> Refused(Func<Task> act) => (await Assert.ThrowsAsync<PortalValidationException>(act)).Message;

        Assert.Contains("NO_ENTITY", await Refused(() => bed.Service.CreateViewAsync(LabView with { Entities = ["NO_ENTITY"] }, Ct)));
        Assert.Contains("exactly one", await Refused(() => bed.Service.CreateViewAsync(LabView with { SourceTable = "NEWTRAININGDATA" }, Ct)));
        Assert.Contains("Schedule", await Refused(() => bed.Service.CreateViewAsync(LabView with { Schedule = "sometimes" }, Ct)));
        Assert.Contains("not valid", await Refused(() => bed.Service.CreateViewAsync(LabView with { Name = "BAD$NAME" }, Ct)));
        Assert.Contains("not materialized", await Refused(() => bed.Service.CreateTrainingSetAsync(
            new TrainingSetRequest("NEWTRAININGDATA", "WEEK_START_DATE", ["MORTGAGERESPONSE"], "LOAN_FEATURES_OHE", 1, [], "OUT"), Ct)));
        await bed.Service.RefreshAsync("LOAN_FEATURES_OHE", 1, Ct);
        Assert.Contains("NOPE", await Refused(() => bed.Service.CreateTrainingSetAsync(
            new TrainingSetRequest("NEWTRAININGDATA", "WEEK_START_DATE", ["NOPE"], "LOAN_FEATURES_OHE", 1, [], "OUT"), Ct)));
        Assert.Contains("MORTGAGERESPONSE", await Refused(() => bed.Service.CreateTrainingSetAsync(
            new TrainingSetRequest("NEWTRAININGDATA", "WEEK_START_DATE", [], "LOAN_FEATURES_OHE", 1, ["MORTGAGERESPONSE"], "OUT"), Ct)));
        Assert.Null(await bed.Warehouse.DescribeTableAsync("OUT"));

        bed.User.Act("vic", Role.Viewer);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => bed.Service.RefreshAsync("LOAN_FEATURES_OHE", 1, Ct));
        Assert.Single(await bed.Service.ListViewsAsync(Ct));
    }
}
