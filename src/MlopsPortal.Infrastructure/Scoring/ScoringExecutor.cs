using MlopsPortal.Core.Common;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Sql;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// Runs one scoring run. Rows are scored into a staging table first (in the warehouse by the compiled model,
/// or streamed through the predictor), then published to the output atomically (<see cref="OutputPublisher"/>). So a
/// failed, cancelled, crashed or retried run leaves the output exactly as it was, and output rows carry the run id
/// (append deletes its own run's rows before inserting, so a retry never duplicates).
/// </summary>
public sealed class ScoringExecutor(
    IWarehouse warehouse, RegistryService registry, ScoringRunStore runs, ModelCache models, IEnumerable<IScoredTableListener> listeners)
{
    /// <summary>Rows per streamed batch: bounds memory whatever the table's size.</summary>
    internal int StreamBatchRows { get; set; } = 10_000;

    /// <summary>
    /// Streamed batches committed together: fewer commits, each still under one DuckDB row group (122,880 rows) so that
    /// it goes through the write-ahead log, whose checkpoints keep the next job within budget (docs/architecture.md,
    /// "How data flows", step 2). Each batch goes through an appender of its own, which holds its rows until it closes.
    /// </summary>
    internal int BatchesPerCommit { get; set; } = 6;

    /// <summary>Fault injection for tests: called after each streamed batch reaches staging.</summary>
    internal Func<int, CancellationToken, Task>? AfterBatch { get; set; }

    public async Task<string?> ExecuteAsync(Guid runId, IJobProgress progress, CancellationToken ct)
    {
        var (run, by) = await runs.GetAsync(runId, ct) ?? throw new PortalNotFoundException($"There is no scoring run {runId}.");
        using var actAs = JobIdentity.ActAs(by);
        var spec = run.Spec;
        var version = await registry.GetVersionAsync(spec.Model, spec.VersionOrAlias, ct);
        await runs.RecordResolvedAsync(runId, version.Name, ct);
        var ensemble = await models.GetAsync(registry, version, ct);
        var plan = await ScoringPlan.CreateAsync(warehouse, spec, version, ct);
        await progress.ReportAsync(0.02, $"scoring with {spec.Model} {version.Name}");

        var staging = "__MLOPS_STAGING_" + runId.ToString("N");
        var d = warehouse.Dialect;
        try
        {
            if (run.Execution == ScoringExecution.Streamed)
                await ScoreStreamedAsync(plan, ensemble, staging, runId, progress, ct);
            else
                await ScoreInWarehouseAsync(plan, version, ensemble, staging, runId, ct);
            await progress.ReportAsync(0.9, "publishing");
            var unseen = await UnseenCategoriesAsync(plan, ct);
            var rows = await warehouse.ScalarAsync<long>($"SELECT CAST(COUNT(*) AS BIGINT) FROM {d.Quote(staging)}", ct: ct);
            ct.ThrowIfCancellationRequested();
            await OutputPublisher.PublishAsync(warehouse, plan.Spec, staging, runId, ct);
            await runs.RecordResultAsync(runId, rows, unseen, CancellationToken.None);
            foreach (var listener in listeners)
                await listener.OnTableWrittenAsync(spec.Output, CancellationToken.None);
            return $"{rows:N0} rows scored with {spec.Model} {version.Name} into {spec.Output}";
        }
        finally
        {
            await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {d.Quote(staging)}", ct: CancellationToken.None);
        }
    }

    private async Task ScoreInWarehouseAsync(ScoringPlan plan, ModelVersion version, TreeEnsemble ensemble, string staging, Guid runId, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var aliases = Enumerable.Range(0, plan.Features.Expressions.Count).Select(FeatureProjection.Alias).ToList();
        if (warehouse is DuckDbWarehouse duck)
        {
            // The embedded warehouse calls the predictor itself over its vectors: no model-sized SQL to bind. One
            // function per model artifact, registered the first time it scores (DuckDbPredictFunction).
            var function = DuckDbPredictFunction.NameFor(version.Source.Sha256);
            await duck.EnsureFunctionAsync(function, c => DuckDbPredictFunction.Register(c, function, new Predictor(ensemble, maxThreads: 1)), ct);
            var call = $"{function}({string.Join(", ", aliases.Select(a => $"CAST({a} AS DOUBLE)"))})";
            await duck.ExecuteUnorderedAsync(InWarehouseSql(plan, staging, runId, call), plan.Parameters, ct);
            return;
        }
        var probability = SqlCompiler.CompileProbability(ensemble, CompilerDialect(d), aliases);
        await warehouse.ExecuteAsync(InWarehouseSql(plan, staging, runId, probability), plan.Parameters, ct);
    }

    /// <summary>Staging rows from the kept columns and a probability expression over the feature aliases.</summary>
    private string InWarehouseSql(ScoringPlan plan, string staging, Guid runId, string probability)
    {
        var d = warehouse.Dialect;
        var kept = plan.KeptList(d);
        var keptPrefix = kept.Length == 0 ? "" : kept + ", ";
        return $"""
            CREATE TABLE {d.Quote(staging)} AS
            SELECT {keptPrefix}CAST(__MLOPS_P AS DOUBLE) AS {d.Quote(plan.Spec.ScoreColumn)},
                   CAST(CASE WHEN __MLOPS_P > {Threshold(plan)} THEN 1 ELSE 0 END AS BIGINT) AS {d.Quote(plan.Spec.ClassColumn)},
                   CAST({d.TextLiteral(runId.ToString())} AS VARCHAR) AS {ScoringPlan.RunIdColumn}
            FROM (SELECT *, {probability} AS __MLOPS_P FROM ({plan.FeatureSelect(d)}) AS __MLOPS_FEATURES) AS __MLOPS_SCORED
            """;
    }

    /// <summary>The compiled model is written for the warehouse that holds the rows: on Snowflake the work stays there.</summary>
    internal static SqlDialectKind CompilerDialect(ISqlDialect dialect) =>
        dialect.Engine == SqlEngine.Snowflake ? SqlDialectKind.Snowflake : SqlDialectKind.DuckDb;

    private async Task ScoreStreamedAsync(ScoringPlan plan, TreeEnsemble ensemble, string staging, Guid runId, IJobProgress progress, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var kept = plan.KeptList(d);
        var keptPrefix = kept.Length == 0 ? "" : kept + ", ";
        await warehouse.ExecuteAsync(
            $"""
            CREATE TABLE {d.Quote(staging)} AS
            SELECT {keptPrefix}CAST(NULL AS DOUBLE) AS {d.Quote(plan.Spec.ScoreColumn)}, CAST(NULL AS BIGINT) AS {d.Quote(plan.Spec.ClassColumn)},
                   CAST(NULL AS VARCHAR) AS {ScoringPlan.RunIdColumn}
            FROM {d.Quote(plan.Source.Name)} LIMIT 0
            """, ct: ct);
        var total = await warehouse.ScalarAsync<long>($"SELECT CAST(COUNT(*) AS BIGINT) FROM {d.Quote(plan.Source.Name)} {plan.Where}", plan.Parameters, ct);

        var predictor = new Predictor(ensemble);
        var keptCount = plan.Kept.Count;
        var threshold = (float)plan.Spec.Threshold;
        var run = runId.ToString();
        long done = 0;
        var batchNo = 0;
        await using var batches = warehouse.StreamAsync(plan.FeatureSelect(d), plan.Parameters, StreamBatchRows, ct).GetAsyncEnumerator(ct);
        var more = true;
        while (more)
        {
            // The staging table is the run's own: nobody sees a commit.
            await warehouse.InTransactionAsync(async session =>
            {
                for (var i = 0; i < BatchesPerCommit && (more = await batches.MoveNextAsync()); i++)
                {
                    var rows = batches.Current.Rows;
                    var probabilities = predictor.PredictProbabilities(plan.Inputs(rows));
                    var output = new object?[rows.Count][];
                    for (var r = 0; r < rows.Count; r++)
                    {
                        var values = new object?[keptCount + 3];
                        Array.Copy(rows[r], values, keptCount);
                        values[keptCount] = (double)probabilities[r];
                        values[keptCount + 1] = probabilities[r] > threshold ? 1L : 0L;
                        values[keptCount + 2] = run;
                        output[r] = values;
                    }
                    await session.BulkAppendAsync(staging, output, ct);
                    done += rows.Count;
                    await progress.ReportAsync(0.05 + 0.85 * done / Math.Max(1, total), $"{done:N0} of {total:N0} rows");
                    if (AfterBatch is { } hook) await hook(++batchNo, ct);
                    ct.ThrowIfCancellationRequested();
                }
                return 0;
            }, ct);
        }
    }

    /// <summary>Categories in one-hot source columns that the model never saw, with their row counts.</summary>
    private async Task<IReadOnlyDictionary<string, long>> UnseenCategoriesAsync(ScoringPlan plan, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var unseen = new Dictionary<string, long>();
        foreach (var (column, known) in plan.Features.KnownCategories)
        {
            var quoted = plan.Features.CategoryExpressions.TryGetValue(column, out var expr) ? expr : d.Quote(column);
            var notIn = string.Join(", ", known.Select(d.TextLiteral));
            var condition = $"{quoted} IS NOT NULL AND CAST({quoted} AS VARCHAR) NOT IN ({notIn})";
            var where = plan.Where.Length == 0 ? $"WHERE {condition}" : $"{plan.Where} AND {condition}";
            var rows = await warehouse.QueryAsync<CategoryCount>(
                $"SELECT CAST({quoted} AS VARCHAR) AS V, CAST(COUNT(*) AS BIGINT) AS N FROM {d.Quote(plan.Source.Name)} {where} GROUP BY 1 ORDER BY 2 DESC",
                plan.Parameters, ct);
            foreach (var r in rows) unseen[$"{column}={r.V}"] = r.N;
        }
        return unseen;
    }

    private static string Threshold(ScoringPlan plan) => plan.Spec.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class CategoryCount
    {
        public string V { get; set; } = "";
        public long N { get; set; }
    }
}
