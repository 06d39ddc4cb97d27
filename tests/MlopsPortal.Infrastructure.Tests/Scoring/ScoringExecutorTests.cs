using System.Globalization;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

public sealed class ScoringExecutorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Scored(long Week, long LoanId, string Ts, double? Income, long Amount, double Score, long Response);

    private static async Task<List<Scored>> ReadAsync(ScoringBed bed, string table) =>
        (await bed.Warehouse.QueryAsync<ScoredRow>(
            $"SELECT WEEK, LOAN_ID, TS, APPLICANT_INCOME_000S, LOAN_AMOUNT_000S, PREDICTED_SCORE, PREDICTED_RESPONSE FROM {table}", ct: Ct))
        .Select(r => new Scored(r.WEEK, r.LOAN_ID, r.TS, r.APPLICANT_INCOME_000S, r.LOAN_AMOUNT_000S, r.PREDICTED_SCORE, r.PREDICTED_RESPONSE))
        .ToList();

    private static List<Scored> Golden() =>
        File.ReadLines(Path.Combine(ScoringBed.RepoRoot, "tests", "MlopsPortal.Infrastructure.Tests", "Scoring", MlopsPortal.TestKit.LabFiles.Golden("lab_scoring_golden.csv")))
            .Skip(1)
            .Select(l => l.Split(','))
            .Select(p => new Scored(long.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture), p[2],
                p[3].Length == 0 ? null : double.Parse(p[3], CultureInfo.InvariantCulture), long.Parse(p[4], CultureInfo.InvariantCulture),
                double.Parse(p[5], CultureInfo.InvariantCulture), long.Parse(p[6], CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Rows repeat in the lab data, so compare as multisets: sorted by every column, then pairwise.</summary>
    private static void AssertSameScores(IEnumerable<Scored> expected, IEnumerable<Scored> actual, double tolerance)
    {
        static IOrderedEnumerable<Scored> Sort(IEnumerable<Scored> rows) =>
            rows.OrderBy(r => r.Week).ThenBy(r => r.LoanId).ThenBy(r => r.Ts, StringComparer.Ordinal).ThenBy(r => r.Income).ThenBy(r => r.Amount).ThenBy(r => r.Score);
        var e = Sort(expected).ToList();
        var a = Sort(actual).ToList();
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++)
        {
            Assert.Equal((e[i].Week, e[i].LoanId, e[i].Amount), (a[i].Week, a[i].LoanId, a[i].Amount));
            Assert.True(Math.Abs(e[i].Score - a[i].Score) <= tolerance, $"row {i}: XGBoost {e[i].Score:R}, portal {a[i].Score:R}");
            Assert.Equal(e[i].Response, a[i].Response);
        }
    }

    [Theory]
    [InlineData(ScoringExecution.Warehouse)]
    [InlineData(ScoringExecution.Streamed)]
    public async Task Both_paths_score_the_whole_lab_table_as_xgboost_does_with_the_lab_recipe(ScoringExecution execution)
    {
        await using var bed = await ScoringBed.CreateAsync();
        var spec = new ScoringRunSpec { Model = ScoringBed.Model, Alias = "LAST", Source = ScoringBed.Source, Output = "ALL_PREDICTIONS_WITH_GROUND_TRUTH" };

        var run = await bed.RunAsync(spec, execution, Ct);

        Assert.Equal(JobStatus.Succeeded, run.Status);
        AssertSameScores(Golden(), await ReadAsync(bed, "ALL_PREDICTIONS_WITH_GROUND_TRUTH"), 1e-6);
        var recorded = (await bed.Runs.GetAsync(run.Id, Ct))!.Value.Run;
        Assert.Equal("V1", recorded.ResolvedVersion);
        Assert.Equal(4_800, recorded.Rows);
        var columns = (await bed.Warehouse.DescribeTableAsync("ALL_PREDICTIONS_WITH_GROUND_TRUTH", Ct))!.Columns.Select(c => c.Name).ToList();
        Assert.Contains("MORTGAGERESPONSE", columns);
        Assert.Contains("SCORING_RUN_ID", columns);
    }

    [Theory]
    [InlineData(1_000, 2)] // 5 batches: commits of 2, 2 and 1
    [InlineData(800, 3)] // 6 batches: commits of 3 and 3, then an empty one
    [InlineData(4_800, 1)] // the whole table in one batch and one commit
    public async Task The_streamed_path_keeps_every_row_once_however_batches_fall_into_commits(int batchRows, int batchesPerCommit)
    {
        await using var bed = await ScoringBed.CreateAsync();
        bed.Executor.StreamBatchRows = batchRows;
        bed.Executor.BatchesPerCommit = batchesPerCommit;
        var spec = new ScoringRunSpec { Model = ScoringBed.Model, Version = "V1", Source = ScoringBed.Source, Output = "OUT" };

        var run = await bed.RunAsync(spec, ScoringExecution.Streamed, Ct);

        Assert.Equal(JobStatus.Succeeded, run.Status);
        AssertSameScores(Golden(), await ReadAsync(bed, "OUT"), 1e-6);
    }

    [Fact]
    public async Task A_second_run_of_the_same_version_reuses_its_DuckDB_function()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var spec = new ScoringRunSpec { Model = ScoringBed.Model, Version = "V1", Source = ScoringBed.Source, Output = "OUT" };
        const string Functions = "SELECT CAST(COUNT(DISTINCT function_name) AS BIGINT) FROM duckdb_functions() WHERE function_name LIKE 'MLOPS_PREDICT_%'";

        Assert.Equal(JobStatus.Succeeded, (await bed.RunAsync(spec, ScoringExecution.Warehouse, Ct)).Status);
        Assert.Equal(JobStatus.Succeeded, (await bed.RunAsync(spec, ScoringExecution.Warehouse, Ct)).Status);

        Assert.Equal(1, await bed.Warehouse.ScalarAsync<long>(Functions, ct: Ct));
        AssertSameScores(Golden(), await ReadAsync(bed, "OUT"), 1e-6);
    }

    [Fact]
    public void In_warehouse_scoring_compiles_the_model_for_the_warehouse_that_holds_the_rows()
    {
        Assert.Equal(MlopsPortal.Trees.Sql.SqlDialectKind.DuckDb, MlopsPortal.Infrastructure.Scoring.ScoringExecutor.CompilerDialect(MlopsPortal.Infrastructure.Warehouse.Embedded.DuckDbDialect.Instance));
        Assert.Equal(MlopsPortal.Trees.Sql.SqlDialectKind.Snowflake, MlopsPortal.Infrastructure.Scoring.ScoringExecutor.CompilerDialect(MlopsPortal.Infrastructure.Snowflake.SnowflakeDialect.Instance));
    }

    [Fact]
    public async Task The_lab_phase_1_sequence_writes_week_1_then_appends_weeks_2_to_5()
    {
        await using var bed = await ScoringBed.CreateAsync();

        Assert.Equal(JobStatus.Succeeded, (await bed.RunAsync(ScoringBed.Week(1, "PREDICTIONS_WITH_GROUND_TRUTH", WriteMode.Overwrite), ScoringExecution.Warehouse, Ct)).Status);
        for (var week = 2; week <= 5; week++)
            Assert.Equal(JobStatus.Succeeded, (await bed.RunAsync(ScoringBed.Week(week, "PREDICTIONS_WITH_GROUND_TRUTH", WriteMode.Append), ScoringExecution.Streamed, Ct)).Status);

        var perWeek = await bed.Warehouse.QueryAsync<WeekCount>(
            "SELECT WEEK, CAST(COUNT(*) AS BIGINT) AS N FROM PREDICTIONS_WITH_GROUND_TRUTH GROUP BY WEEK ORDER BY WEEK", ct: Ct);
        Assert.Equal([(1L, 200L), (2, 200), (3, 200), (4, 200), (5, 200)], perWeek.Select(w => (w.WEEK, w.N)));
        AssertSameScores(Golden().Where(g => g.Week <= 5), await ReadAsync(bed, "PREDICTIONS_WITH_GROUND_TRUTH"), 1e-6);
    }

    [Fact]
    public async Task Replace_swaps_only_the_rows_of_the_runs_window()
    {
        await using var bed = await ScoringBed.CreateAsync();
        await bed.RunAsync(new ScoringRunSpec { Model = ScoringBed.Model, Version = "V1", Source = ScoringBed.Source, Output = "OUT" }, ScoringExecution.Warehouse, Ct);
        var before = await bed.Warehouse.ScalarAsync<string>("SELECT MIN(SCORING_RUN_ID) FROM OUT WHERE WEEK = 4", ct: Ct);

        var run = await bed.RunAsync(ScoringBed.Week(3, "OUT", WriteMode.Replace), ScoringExecution.Streamed, Ct);

        Assert.Equal(4_800, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM OUT", ct: Ct));
        Assert.Equal(run.Id.ToString(), await bed.Warehouse.ScalarAsync<string>("SELECT MIN(SCORING_RUN_ID) FROM OUT WHERE WEEK = 3", ct: Ct));
        Assert.Equal(before, await bed.Warehouse.ScalarAsync<string>("SELECT MIN(SCORING_RUN_ID) FROM OUT WHERE WEEK = 4", ct: Ct));
    }

    [Fact]
    public async Task A_failure_after_some_batches_leaves_the_output_as_it_was_and_a_rerun_writes_one_set_of_rows()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var spec = new ScoringRunSpec { Model = ScoringBed.Model, Version = "V1", Source = ScoringBed.Source, Output = "OUT", Mode = WriteMode.Append };
        await bed.RunAsync(ScoringBed.Week(1, "OUT", WriteMode.Overwrite), ScoringExecution.Warehouse, Ct);
        var snapshot = await bed.Warehouse.ScalarAsync<string>("SELECT string_agg(SCORING_RUN_ID || ':' || PREDICTED_SCORE, ',' ORDER BY ALL) FROM OUT", ct: Ct);

        bed.Executor.StreamBatchRows = 1_000;
        var batches = 0;
        bed.Executor.AfterBatch = (batch, _) => ++batches == 3 ? throw new IOException("disk unplugged") : Task.CompletedTask;
        var failed = await bed.RunAsync(spec, ScoringExecution.Streamed, Ct);

        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal("disk unplugged", failed.Error);
        Assert.Equal(snapshot, await bed.Warehouse.ScalarAsync<string>("SELECT string_agg(SCORING_RUN_ID || ':' || PREDICTED_SCORE, ',' ORDER BY ALL) FROM OUT", ct: Ct));
        Assert.DoesNotContain(await bed.Warehouse.ListTablesAsync(Ct), t => t.Name.StartsWith("__MLOPS_STAGING", StringComparison.Ordinal));

        bed.Executor.AfterBatch = null;
        var rerun = await bed.RunAsync(spec, ScoringExecution.Streamed, Ct);
        Assert.Equal(JobStatus.Succeeded, rerun.Status);
        Assert.Equal(200 + 4_800, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM OUT", ct: Ct));
        Assert.Equal(3, batches);
    }

    [Fact]
    public async Task A_cancel_mid_run_leaves_the_output_as_it_was()
    {
        await using var bed = await ScoringBed.CreateAsync();
        await bed.RunAsync(ScoringBed.Week(1, "OUT", WriteMode.Overwrite), ScoringExecution.Warehouse, Ct);
        using var cancel = new CancellationTokenSource();
        bed.Executor.StreamBatchRows = 1_000;
        bed.Executor.AfterBatch = async (batch, _) => { if (batch == 2) await cancel.CancelAsync(); };

        var run = await bed.RunAsync(new ScoringRunSpec { Model = ScoringBed.Model, Version = "V1", Source = ScoringBed.Source, Output = "OUT", Mode = WriteMode.Overwrite },
            ScoringExecution.Streamed, cancel.Token);

        Assert.Equal(JobStatus.Cancelled, run.Status);
        Assert.Equal(200, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM OUT", ct: Ct));
    }

    [Fact]
    public async Task Retrying_an_append_run_that_already_published_does_not_duplicate_rows()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var spec = ScoringBed.Week(2, "OUT", WriteMode.Append);
        var id = Guid.NewGuid();
        await bed.Runs.CreateAsync(id, spec, ScoringExecution.Streamed, bed.User.Principal!, Ct);

        // As if the worker died after publishing but before recording success: the same run executes twice.
        await bed.Executor.ExecuteAsync(id, new NoProgress(id), Ct);
        await bed.Executor.ExecuteAsync(id, new NoProgress(id), Ct);

        Assert.Equal(200, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM OUT", ct: Ct));
    }

    private sealed class NoProgress(Guid id) : IJobProgress
    {
        public Guid RunId => id;
        public ValueTask ReportAsync(double fraction, string? message = null) => ValueTask.CompletedTask;
    }

    private sealed class WeekCount
    {
        public long WEEK { get; set; }
        public long N { get; set; }
    }

    private sealed class ScoredRow
    {
        public long WEEK { get; set; }
        public long LOAN_ID { get; set; }
        public string TS { get; set; } = "";
        public double? APPLICANT_INCOME_000S { get; set; }
        public long LOAN_AMOUNT_000S { get; set; }
        public double PREDICTED_SCORE { get; set; }
        public long PREDICTED_RESPONSE { get; set; }
    }
}
