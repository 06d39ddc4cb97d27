using MlopsPortal.Core.Jobs;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.TestKit;
using System.Globalization;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Tests.Scoring;

namespace MlopsPortal.Infrastructure.Tests.FeatureStore;

/// <summary>The lab template (docs/lab-workflow.md phase 3 steps 1–2) run in DuckDB on the real NewTrainingData.csv.</summary>
public sealed class LabRecipeTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The first source row's county as the lab's cleaning leaves it ('-', '_' and '.' removed): Rensselaer County in the lab's file.</summary>
    private static string FirstCounty() =>
        LabTable.Read(LabFiles.NewTraining).Cell(0, "COUNTY_NAME").Replace("-", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);

    [Fact]
    public async Task Lab_template_cleans_encodes_and_fills_like_the_lab()
    {
        await using var bed = await FeatureStoreBed.CreateAsync(withLabData: true);
        var rows = await bed.RecipeService.RunAsync(LabRecipeTemplate.Recipe, Ct);

        Assert.Equal(5300, rows);
        var types = await bed.Warehouse.QueryAsync<string>("SELECT DISTINCT LOAN_TYPE_NAME FROM NEWTRAININGDATA_FINAL ORDER BY 1");
        Assert.Equal(["Conventional", "FHA", "FSA_RHS", "VA"], types);
        var purposes = await bed.Warehouse.QueryAsync<string>("SELECT DISTINCT LOAN_PURPOSE_NAME FROM NEWTRAININGDATA_FINAL ORDER BY 1");
        Assert.Equal(["Home_improvement", "Home_purchase", "Refinancing"], purposes);
        Assert.Equal(0, await bed.Warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM NEWTRAININGDATA_FINAL WHERE COUNTY_NAME LIKE '%-%' OR COUNTY_NAME LIKE '%\\_%' ESCAPE '\\' OR COUNTY_NAME LIKE '%.%'"));
        Assert.Equal(0, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM NEWTRAININGDATA_FINAL WHERE APPLICANT_INCOME_000S IS NULL"));
        // The incomes missing in the source (42 in the lab's file) are 0 now, not dropped.
        Assert.Equal(LabTable.Read(LabFiles.NewTraining).CountEmpty("APPLICANT_INCOME_000S"), await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM NEWTRAININGDATA WHERE APPLICANT_INCOME_000S IS NULL"));

        var table = (await bed.Warehouse.DescribeTableAsync("NEWTRAININGDATA_FINAL"))!;
        Assert.Equal(Core.Warehouse.WarehouseType.Double, table.Column("LOAN_AMOUNT_000S")!.Type);
        Assert.NotNull(table.Column("LOAN_TYPE_NAME"));  // originals kept
        Assert.NotNull(table.Column("LOAN_TYPE_NAME_OHE_FSA_RHS"));
        Assert.NotNull(table.Column("LOAN_PURPOSE_NAME_OHE_Home_purchase"));
        Assert.NotNull(table.Column($"COUNTY_NAME_OHE_{FirstCounty().Replace(' ', '_')}"));
        Assert.Null(table.Column("TS_OHE_54_11_5"));
        Assert.DoesNotContain(table.Columns, c => c.Name.StartsWith("MORTGAGERESPONSE_OHE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lab_template_matches_the_pandas_reference_column_by_column()
    {
        await using var bed = await FeatureStoreBed.CreateAsync(withLabData: true);
        await bed.RecipeService.RunAsync(LabRecipeTemplate.Recipe, Ct);
        var golden = File.ReadLines(Path.Combine(ScoringBed.RepoRoot, "tests", "MlopsPortal.Infrastructure.Tests", "FeatureStore", MlopsPortal.TestKit.LabFiles.Golden("lab_recipe_golden.csv")))
            .Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

        Assert.Equal(golden["ROWS"], await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM NEWTRAININGDATA_FINAL"));
        var table = (await bed.Warehouse.DescribeTableAsync("NEWTRAININGDATA_FINAL"))!;
        var ohe = table.Columns.Where(c => c.Name.Contains("_OHE_", StringComparison.Ordinal)).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(golden.Keys.Where(k => k.Contains("_OHE_", StringComparison.Ordinal)).Order(StringComparer.Ordinal), ohe);
        foreach (var (column, sum) in golden.Where(g => g.Key != "ROWS"))
        {
            var actual = await bed.Warehouse.ScalarAsync<double>($"SELECT CAST(SUM(\"{column}\") AS DOUBLE) FROM NEWTRAININGDATA_FINAL");
            Assert.True(Math.Abs(actual - sum) < 1e-6 * Math.Max(1, Math.Abs(sum)), $"{column}: DuckDB {actual}, pandas {sum}");
        }
    }

    [Fact]
    public async Task Each_step_previews_the_first_rows_and_writes_nothing()
    {
        await using var bed = await FeatureStoreBed.CreateAsync(withLabData: true);
        var source = await bed.RecipeService.PreviewAsync(LabRecipeTemplate.Recipe, RecipeStep.Source, 5, Ct);
        var clean = await bed.RecipeService.PreviewAsync(LabRecipeTemplate.Recipe, RecipeStep.Clean, 5, Ct);
        var oneHot = await bed.RecipeService.PreviewAsync(LabRecipeTemplate.Recipe, RecipeStep.OneHot, 5, Ct);
        var filled = await bed.RecipeService.PreviewAsync(LabRecipeTemplate.Recipe, RecipeStep.FillNulls, 5, Ct);

        Assert.All([source, clean, oneHot, filled], p => Assert.Equal(5, p.Rows.Count));
        Assert.Equal(source.Columns, clean.Columns);
        Assert.Equal(FirstCounty(), clean.Rows[0][clean.Columns.ToList().IndexOf("COUNTY_NAME")]);
        Assert.IsType<double>(clean.Rows[0][clean.Columns.ToList().IndexOf("LOAN_AMOUNT_000S")]);
        Assert.Contains($"COUNTY_NAME_OHE_{FirstCounty().Replace(' ', '_')}", oneHot.Columns);
        Assert.Equal(oneHot.Columns, filled.Columns);
        Assert.Null(await bed.Warehouse.DescribeTableAsync("NEWTRAININGDATA_FINAL"));
    }

    [Fact]
    public async Task Saved_recipes_round_trip_and_record_their_runs_and_version()
    {
        await using var bed = await FeatureStoreBed.CreateAsync(withLabData: true);
        await bed.RecipeService.SaveAsync(LabRecipeTemplate.Recipe, Ct);
        Assert.Equal(5300, await bed.RecipeService.RunSavedAsync(LabRecipeTemplate.Name, Ct));
        var stored = await bed.RecipeService.RecordVersionAsync(LabRecipeTemplate.Name, "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "V2", Ct);

        var reread = await bed.RecipeService.GetAsync(LabRecipeTemplate.Name, Ct);
        Assert.Equal("V2", reread.Recipe.Version);
        Assert.Equal(LabRecipeTemplate.Recipe.Rules.Count, reread.Recipe.Rules.Count);
        Assert.Equal("FSA_RHS", reread.Recipe.Rules[0].Map!["FSA/RHS-guaranteed"]);
        Assert.Equal(5300, reread.LastRunRows);
        Assert.Equal("dana", stored.UpdatedBy);

        // The run is listed on the Jobs page like a background job.
        var job = Assert.Single(await bed.Jobs.ListAsync(10, RecipeService.JobKind, Ct));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal("dana", job.CreatedBy);
        Assert.Contains("5,300 rows written to NEWTRAININGDATA_FINAL", job.Message);
    }

    [Fact]
    public async Task Bad_recipes_and_viewers_are_refused_with_a_message_and_nothing_changes()
    {
        await using var bed = await FeatureStoreBed.CreateAsync(withLabData: true);
        var missing = LabRecipeTemplate.Recipe with { Rules = [new ColumnRule("NO_SUCH", RuleKind.Remove, Characters: ["-"])] };
        var ex = await Assert.ThrowsAsync<PortalValidationException>(() => bed.RecipeService.SaveAsync(missing, Ct));
        Assert.Contains("NO_SUCH", ex.Message);
        var castThenReplace = LabRecipeTemplate.Recipe with
        {
            Rules = [new ColumnRule("LOAN_AMOUNT_000S", RuleKind.Replace, Characters: ["-"], Replacement: "_")],
        };
        Assert.Contains("works on text", (await Assert.ThrowsAsync<PortalValidationException>(() => bed.RecipeService.RunAsync(castThenReplace, Ct))).Message);
        Assert.Empty(await bed.Recipes.ListAsync(Ct));
        var failed = Assert.Single(await bed.Jobs.ListAsync(10, RecipeService.JobKind, Ct));
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("works on text", failed.Error);

        bed.User.Act("vic", Role.Viewer);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => bed.RecipeService.RunAsync(LabRecipeTemplate.Recipe, Ct));
        Assert.Single(await bed.Jobs.ListAsync(10, RecipeService.JobKind, Ct)); // a refused viewer starts no job
        Assert.Null(await bed.Warehouse.DescribeTableAsync("NEWTRAININGDATA_FINAL"));
        Assert.Equal(3, (await bed.RecipeService.PreviewAsync(LabRecipeTemplate.Recipe, RecipeStep.Clean, 3, Ct)).Rows.Count);
    }
}
