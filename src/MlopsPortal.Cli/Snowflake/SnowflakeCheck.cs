using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Config;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Cli.Snowflake;

/// <summary>
/// Runs the lab against a live account, step by step, in a scratch schema it creates and always drops: the lab table
/// with bound inserts, the V1 artifact, compiled-SQL scoring checked row by row against the portal's own predictor,
/// the monitor's per-week counts, the native registry's SHOW and ALTER (an alias set and unset), and an alert that must
/// come up suspended. Each step prints its result and time; the first failure stops the run with Snowflake's message.
/// </summary>
public sealed class SnowflakeCheck(SnowflakeConnection connection, SnowflakeClientFactory clients, TextWriter output, CheckOptions options)
{
    public const string CheckAlias = "MLOPS_CHECK";
    private const string Scored = "SCORED";
    private const string AlertName = "MLOPS_CHECK_ALERT";

    private readonly string _schema = "MLOPS_CHECK_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private List<object?[]> _rows = [];
    private LabModel? _model;
    private float[] _local = [];

    /// <summary>True when every step passed.</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        using var home = clients.Create(connection);
        var main = new SnowflakeWarehouse(home.Client, new SnowflakeWarehouseOptions());
        await output.WriteLineAsync($"Checking Snowflake connection '{connection.Name}' ({connection.Account}, database {connection.Database}) in scratch schema {_schema}");
        var ok = await StepAsync("connect", async () =>
        {
            var who = await main.IdentityAsync(ct);
            return $"as {who.User}, role {who.Role}, warehouse {who.Warehouse}";
        });
        if (!ok) return false;
        ok = await StepAsync("create scratch schema", async () =>
        {
            await main.ExecuteAsync($"CREATE SCHEMA {Q(_schema)}", ct: ct);
            return $"{connection.Database}.{_schema}";
        });
        if (!ok) return false;
        try
        {
            using var scratchHandle = clients.Create(connection, _schema);
            var scratch = new SnowflakeWarehouse(scratchHandle.Client, new SnowflakeWarehouseOptions());
            ok = await StepAsync("lab table, bound inserts", () => LoadAsync(scratchHandle.Client, scratch, ct))
                 && await StepAsync("V1 import", () => Task.FromResult(ImportV1()))
                 && await StepAsync("compiled-SQL scoring", () => ScoreAsync(scratch, ct))
                 && await StepAsync("monitor counts per week", () => MonitorAsync(scratch, ct))
                 && await StepAsync("native registry SHOW/ALTER", () => NativeRegistryAsync(main, ct))
                 && await StepAsync("alert created suspended", () => AlertAsync(scratch, ct));
        }
        finally
        {
            // Dropped whatever happened above; a failure here is reported too.
            ok &= await StepAsync("drop scratch schema", async () =>
            {
                await main.ExecuteAsync($"DROP SCHEMA IF EXISTS {Q(_schema)} CASCADE", ct: CancellationToken.None);
                return "dropped";
            });
        }
        await output.WriteLineAsync(ok ? "All steps passed: the portal works with this account." : "The check failed; see the step above.");
        return ok;
    }

    private async Task<bool> StepAsync(string name, Func<Task<string>> step)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await step();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ok    {name,-28} {clock.Elapsed.TotalSeconds,7:F2} s  {result}"));
            return true;
        }
        catch (Exception e) when (e is SnowflakeApiException or SnowflakeConfigurationException or CheckFailedException or TimeoutException or HttpRequestException)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  FAIL  {name,-28} {clock.Elapsed.TotalSeconds,7:F2} s  {e.Message}"));
            return false;
        }
    }

    private async Task<string> LoadAsync(SnowflakeSqlApiClient client, SnowflakeWarehouse scratch, CancellationToken ct)
    {
        _rows = LabRows.Read(options.DataFile, options.Rows);
        var columns = string.Join(", ", LabRows.Columns.Select(c => $"{Q(c.Name)} {c.Type}"));
        await scratch.ExecuteAsync($"CREATE TABLE {Q(LabRows.Table)} ({columns})", ct: ct);
        var names = LabRows.Columns.Select(c => c.Name).ToArray();
        foreach (var chunk in _rows.Chunk(options.RowsPerInsert))
            await client.ExecuteAsync(SnowflakeStatements.InsertValues(LabRows.Table, names, chunk), ct);
        var count = await scratch.ScalarAsync<long>($"SELECT COUNT(*) FROM {Q(LabRows.Table)}", ct: ct);
        if (count != _rows.Count)
            throw new CheckFailedException($"inserted {_rows.Count} rows but the table holds {count}");
        return $"{count} rows in {LabRows.Table} ({(_rows.Count + options.RowsPerInsert - 1) / options.RowsPerInsert} INSERTs with bindings)";
    }

    private string ImportV1()
    {
        _model = LabModel.Load(options.ModelDirectory);
        var (numeric, dummies, zero) = _model.Mapping();
        _local = _model.ScoreLocally(_rows);
        return $"{_model.Ensemble.Trees.Count} trees, {_model.Features.Count} features ({numeric} columns, {dummies} dummies, {zero} absent = 0)";
    }

    private async Task<string> ScoreAsync(SnowflakeWarehouse scratch, CancellationToken ct)
    {
        var model = _model!;
        var features = string.Join(", ", Enumerable.Range(0, model.Features.Count).Select(i => $"{model.FeatureSql(i)} AS {LabModel.Alias(i)}"));
        await scratch.ExecuteAsync(
            $"CREATE TABLE {Q(Scored)} AS SELECT {Q("ROW_NO")}, {Q("WEEK_START_DATE")}, {Q("LOAN_ID")}, {Q("MORTGAGERESPONSE")}, " +
            $"CAST({model.ProbabilitySql()} AS FLOAT) AS {Q(OutputColumns.PredictedScore)} FROM (SELECT *, {features} FROM {Q(LabRows.Table)}) AS FEATURES", ct: ct);
        var scores = await scratch.QueryAsync<ScoreRow>($"SELECT {Q("ROW_NO")}, {Q(OutputColumns.PredictedScore)} FROM {Q(Scored)} ORDER BY {Q("ROW_NO")}", ct: ct);
        if (scores.Count != _rows.Count)
            throw new CheckFailedException($"{Scored} holds {scores.Count} rows, expected {_rows.Count}");
        var worst = scores.Select(s => (s.ROW_NO, Diff: Math.Abs(s.PREDICTED_SCORE - _local[s.ROW_NO - 1]))).MaxBy(s => s.Diff);
        if (worst.Diff > 1e-5)
            throw new CheckFailedException(string.Create(CultureInfo.InvariantCulture,
                $"row {worst.ROW_NO}: Snowflake scored {scores[(int)worst.ROW_NO - 1].PREDICTED_SCORE:R}, the portal's predictor {_local[worst.ROW_NO - 1]:R}"));
        return string.Create(CultureInfo.InvariantCulture, $"{scores.Count} rows scored in the warehouse; largest difference from the portal's predictor {worst.Diff:G3}");
    }

    private async Task<string> MonitorAsync(SnowflakeWarehouse scratch, CancellationToken ct)
    {
        string Count(string predicted, int actual) =>
            $"SUM(CASE WHEN {Q(OutputColumns.PredictedScore)} {predicted} 0.5 AND {Q("MORTGAGERESPONSE")} = {actual} THEN 1 ELSE 0 END)";
        var weeks = await scratch.QueryAsync<WeekCounts>(
            $"SELECT {Count(">", 1)} AS TP, {Count(">", 0)} AS FP, {Count("<=", 1)} AS FN, {Count("<=", 0)} AS TN " +
            $"FROM {Q(Scored)} GROUP BY {Q("WEEK_START_DATE")} ORDER BY {Q("WEEK_START_DATE")}", ct: ct);
        var expected = _rows.Select((r, i) => (Week: (DateTime?)r[1], Predicted: _local[i] > 0.5f, Actual: Convert.ToInt64(r[10], CultureInfo.InvariantCulture) == 1))
            .GroupBy(r => r.Week).OrderBy(g => g.Key)
            .Select(g => (TP: g.LongCount(r => r.Predicted && r.Actual), FP: g.LongCount(r => r.Predicted && !r.Actual),
                FN: g.LongCount(r => !r.Predicted && r.Actual), TN: g.LongCount(r => !r.Predicted && !r.Actual))).ToList();
        var actual = weeks.Select(w => (w.TP, w.FP, w.FN, w.TN)).ToList();
        if (!actual.SequenceEqual(expected))
            throw new CheckFailedException($"per-week confusion counts differ: Snowflake {string.Join(" ", actual)}, expected {string.Join(" ", expected)}");
        var f1 = expected.Select(c => c.TP == 0 ? 0 : 2.0 * c.TP / (2 * c.TP + c.FP + c.FN)).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{weeks.Count} weekly windows, F1 {f1.Min():F3}–{f1.Max():F3}");
    }

    private async Task<string> NativeRegistryAsync(SnowflakeWarehouse main, CancellationToken ct)
    {
        var schema = $"{Q(connection.Database ?? "")}.{Q(connection.Schema ?? "")}";
        var models = await main.QueryAsync<ShowModel>($"SHOW MODELS LIKE '{options.NativeModel.Replace("'", "''")}' IN SCHEMA {schema}", ct: ct);
        if (!models.Any(m => string.Equals(m.name, options.NativeModel, StringComparison.OrdinalIgnoreCase)))
            return $"SHOW MODELS ran; no model {options.NativeModel} in {connection.Database}.{connection.Schema}, so ALTER was not tried";
        var model = $"{schema}.{Q(options.NativeModel)}";
        var versions = await main.QueryAsync<ShowVersion>($"SHOW VERSIONS IN MODEL {model}", ct: ct);
        var free = versions.FirstOrDefault(v => Aliases(v).All(a => a is "DEFAULT" or "FIRST" or "LAST"));
        if (free is null)
            return $"SHOW VERSIONS: {versions.Count} versions, each already carries a user alias, so ALTER was not tried";
        await main.ExecuteAsync($"ALTER MODEL {model} VERSION {free.name} SET ALIAS = {CheckAlias}", ct: ct);
        try
        {
            var after = await main.QueryAsync<ShowVersion>($"SHOW VERSIONS IN MODEL {model}", ct: ct);
            if (!after.Any(v => v.name == free.name && Aliases(v).Contains(CheckAlias)))
                throw new CheckFailedException($"after ALTER … SET ALIAS = {CheckAlias}, SHOW VERSIONS does not show it on {free.name}");
        }
        finally
        {
            await main.ExecuteAsync($"ALTER MODEL {model} VERSION {free.name} UNSET ALIAS", ct: CancellationToken.None);
        }
        return $"{versions.Count} versions; alias {CheckAlias} set on {free.name}, seen in SHOW VERSIONS, unset";
    }

    private async Task<string> AlertAsync(SnowflakeWarehouse scratch, CancellationToken ct)
    {
        await scratch.ExecuteAsync($"CREATE TABLE {Q("ALERT_LOG")} ({Q("FIRED_AT")} TIMESTAMP_NTZ)", ct: ct);
        await scratch.ExecuteAsync(
            $"CREATE ALERT {Q(AlertName)} WAREHOUSE = {Identifier.Validate(connection.Warehouse ?? "", "warehouse")} SCHEDULE = '60 MINUTE' " +
            $"IF (EXISTS (SELECT 1 FROM {Q(Scored)} WHERE {Q(OutputColumns.PredictedScore)} > 1)) " +
            $"THEN INSERT INTO {Q("ALERT_LOG")} SELECT CURRENT_TIMESTAMP()", ct: ct);
        var alerts = await scratch.QueryAsync<ShowAlert>($"SHOW ALERTS LIKE '{AlertName}' IN SCHEMA {Q(connection.Database ?? "")}.{Q(_schema)}", ct: ct);
        var ours = alerts.FirstOrDefault(a => a.name == AlertName) ?? throw new CheckFailedException($"SHOW ALERTS does not list {AlertName}");
        if (!string.Equals(ours.state, "suspended", StringComparison.OrdinalIgnoreCase))
            throw new CheckFailedException($"{AlertName} came up '{ours.state}', not suspended");
        await scratch.ExecuteAsync($"DROP ALERT IF EXISTS {Q(AlertName)}", ct: ct);
        return $"{AlertName} created, SHOW ALERTS says {ours.state}, dropped";
    }

    private static List<string> Aliases(ShowVersion v) =>
        string.IsNullOrWhiteSpace(v.aliases) ? [] : JsonSerializer.Deserialize<List<string>>(v.aliases) ?? [];

    private static string Q(string name) => SnowflakeDialect.Instance.Quote(name);

#pragma warning disable IDE1006 // SHOW columns come back lowercase
    private sealed class ShowModel { public string name { get; set; } = ""; }
    private sealed class ShowVersion { public string name { get; set; } = ""; public string? aliases { get; set; } }
    private sealed class ShowAlert { public string name { get; set; } = ""; public string state { get; set; } = ""; }
#pragma warning restore IDE1006

    private sealed class ScoreRow
    {
        public long ROW_NO { get; set; }
        public double PREDICTED_SCORE { get; set; }
    }

    private sealed class WeekCounts
    {
        public long TP { get; set; }
        public long FP { get; set; }
        public long FN { get; set; }
        public long TN { get; set; }
    }
}

public sealed record CheckOptions(string DataFile, string ModelDirectory, int Rows = 1000, int RowsPerInsert = 500, string NativeModel = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL");

/// <summary>A step's own check failed (Snowflake answered, but not what the portal needs).</summary>
public sealed class CheckFailedException(string message) : Exception(message);
