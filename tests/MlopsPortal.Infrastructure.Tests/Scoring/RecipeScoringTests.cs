using System.Text.Json;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Tests.Retraining;
using MlopsPortal.TestKit;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>
/// Issue 14 item 4 on the lab's data (or the demo stand-in, <see cref="LabFiles"/>): V2 trained through the lab's recipe
/// carries it, so it scores the raw INFERENCEMORTGAGEDATA that V1 scores, the recipe applied inside the run, and the
/// scores equal those of the same rows preprocessed by the recipe first.
/// </summary>
public sealed class RecipeScoringTests
{
    private const string Preprocessed = "INFERENCE_FINAL";

    [Fact]
    public async Task V2_trained_from_the_lab_recipe_scores_INFERENCEMORTGAGEDATA_equal_to_its_preprocessed_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await ScoringBed.CreateAsync();
        var v2 = await TrainV2FromLabRecipeAsync(bed, ct);

        // V2 carries the recipe and reads raw columns: the cleaned purpose (one-hot inside the run), incomes, amounts.
        Assert.NotNull(v2.Preprocessing.Recipe);
        Assert.Equal(LabRecipeTemplate.Name, v2.Preprocessing.Recipe!.Name);
        Assert.Equal(
            ["LOAN_PURPOSE_NAME (category)", "APPLICANT_INCOME_000S (number)", "LOAN_AMOUNT_000S (number)"],
            InputSignature.Of(v2.Preprocessing).Select(c => c.ToString()));
        Assert.Contains(v2.Preprocessing.OneHot, f => f.Feature == "LOAN_PURPOSE_NAME_OHE_Home_purchase" && f.Value == "Home_purchase");

        // The expected scores: the same rows through the recipe first (a table that holds every feature is read as is).
        await new RecipeRunner(bed.Warehouse).RunAsync(
            LabRecipeTemplate.Recipe with { Name = "INFERENCE_CLEANING", SourceTable = ScoringBed.Source, OutputTable = Preprocessed }, ct);
        var final = (await bed.Warehouse.DescribeTableAsync(Preprocessed, ct))!;
        foreach (var missing in v2.Signature.Where(f => final.Column(f.Name) is null))
            await bed.Warehouse.ExecuteAsync($"ALTER TABLE {Preprocessed} ADD COLUMN \"{missing.Name}\" INTEGER DEFAULT 0", ct: ct); // a level this week never had

        foreach (var execution in new[] { ScoringExecution.Warehouse, ScoringExecution.Streamed })
        {
            var raw = await bed.RunAsync(Spec(ScoringBed.Source, "V2_RAW_" + execution), execution, ct);
            Assert.True(raw.Status == JobStatus.Succeeded, $"{execution} on the raw table ({LabFiles.Source}): {raw.Error}");
            var pre = await bed.RunAsync(Spec(Preprocessed, "V2_PRE_" + execution), execution, ct);
            Assert.True(pre.Status == JobStatus.Succeeded, $"{execution} on the preprocessed table: {pre.Error}");

            var fromRaw = await ScoresAsync(bed, "V2_RAW_" + execution, ct);
            var fromPre = await ScoresAsync(bed, "V2_PRE_" + execution, ct);
            Assert.Equal(4800, fromRaw.Count);
            Assert.Equal(fromPre.Count, fromRaw.Count);
            for (var i = 0; i < fromRaw.Count; i++)
                Assert.True(fromRaw[i].Equals(fromPre[i]), $"{execution}, row {i}: raw {fromRaw[i]} but preprocessed {fromPre[i]}");
            // The features matter: the purposes and amounts give many different scores.
            Assert.True(fromRaw.Select(r => r.Score).Distinct().Count() > 10, $"{execution}: too few distinct scores");
        }

        // V1 still scores the same raw table, and the unseen-category check reads the cleaned purposes (none unseen).
        var v1 = await bed.RunAsync(Spec(ScoringBed.Source, "V1_RAW", "V1"), ScoringExecution.Warehouse, ct);
        Assert.True(v1.Status == JobStatus.Succeeded, v1.Error);
        var v2Run = (await bed.Runs.ListAsync(50, ct)).First(r => r.Spec.Output == "V2_RAW_Warehouse");
        Assert.DoesNotContain(v2Run.UnseenCategories.Keys, k => k.StartsWith("LOAN_PURPOSE_NAME=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_registered_with_the_recipe_scores_the_raw_table_like_the_trained_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await ScoringBed.CreateAsync();
        var v2 = await TrainV2FromLabRecipeAsync(bed, ct);
        var (artifact, fileName) = await bed.Registry.OpenArtifactAsXgboostJsonAsync(ScoringBed.Model, "V2", ct);
        await using (artifact)
        {
            var levels = await new RecipeRunner(bed.Warehouse).LevelsAsync(LabRecipeTemplate.Recipe, ct);
            await bed.Registry.ImportVersionAsync(new ImportVersionRequest(ScoringBed.Model, "V3", Upload: new ArtifactUpload(artifact, fileName),
                Recipe: LabRecipeTemplate.Recipe, RecipeLevels: levels), ct);
        }

        var v3 = await bed.Registry.GetVersionAsync(ScoringBed.Model, "V3", ct);
        Assert.Equal(v2.Preprocessing.Features, v3.Preprocessing.Features);
        Assert.Equal(LabRecipeTemplate.Name, v3.Preprocessing.Recipe?.Name);
        foreach (var version in new[] { "V2", "V3" })
        {
            var run = await bed.RunAsync(Spec(ScoringBed.Source, "RAW_" + version, version), ScoringExecution.Warehouse, ct);
            Assert.True(run.Status == JobStatus.Succeeded, run.Error);
        }
        Assert.Equal(await ScoresAsync(bed, "RAW_V2", ct), await ScoresAsync(bed, "RAW_V3", ct));
    }

    /// <summary>NEWTRAININGDATA through the lab's recipe into NEWTRAININGDATA_FINAL, then V2 trained on it with the recipe as lineage.</summary>
    internal static async Task<ModelVersion> TrainV2FromLabRecipeAsync(ScoringBed bed, CancellationToken ct)
    {
        await using (var csv = File.OpenRead(LabFiles.Path(LabFiles.NewTraining)))
            await new CsvImportService(bed.Warehouse).ImportAsync(LabRecipeTemplate.SourceTable, csv, ImportMode.Create, ct);
        await new RecipeRunner(bed.Warehouse).RunAsync(LabRecipeTemplate.Recipe, ct);
        var spec = TrainingExecutorTests.LabSpec() with
        {
            Lineage = new Core.Retraining.TrainingLineage(JsonSerializer.Serialize(LabRecipeTemplate.Recipe, JsonSerializerOptions.Web)),
        };
        var (job, _) = await TrainingExecutorTests.RunAsync(bed, spec, ct);
        Assert.True(job.Status == JobStatus.Succeeded, job.Error);
        return await bed.Registry.GetVersionAsync(ScoringBed.Model, "V2", ct);
    }

    private static ScoringRunSpec Spec(string source, string output, string version = "V2") => new()
    {
        Model = ScoringBed.Model, Version = version, Source = source, Output = output,
        KeepColumns = ["LOAN_ID", "WEEK", "TS"],
    };

    private static async Task<List<ScoreRow>> ScoresAsync(ScoringBed bed, string table, CancellationToken ct) =>
        (await bed.Warehouse.QueryAsync<ScoreRow>(
            $"SELECT CAST(LOAN_ID AS VARCHAR) AS LoanId, CAST(WEEK AS BIGINT) AS Week, CAST(TS AS VARCHAR) AS Ts, PREDICTED_SCORE AS Score, PREDICTED_RESPONSE AS Response FROM {table} ORDER BY 1, 2, 3, 4",
            ct: ct)).ToList();

    private sealed record ScoreRow
    {
        public string LoanId { get; init; } = "";
        public long Week { get; init; }
        public string? Ts { get; init; }
        public double Score { get; init; }
        public long Response { get; init; }
    }
}
