using System.Globalization;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Tests.Warehouse;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>The predictor registered as a DuckDB scalar function gives the predictor's own values, bit for bit.</summary>
public sealed class DuckDbPredictFunctionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Fixture(string file) =>
        Path.Combine(ScoringBed.RepoRoot, "tests", "MlopsPortal.Trees.Tests", "Fixtures", file);

    [Theory]
    [InlineData("default")]
    [InlineData("deep_wide")]
    [InlineData("nan_heavy")]
    [InlineData("base_score")]
    [InlineData("scale_pos_weight")]
    [InlineData("dart")]
    [InlineData("reg_logistic")]
    [InlineData("logitraw")]
    [InlineData("lab")]
    public async Task The_function_equals_the_predictor_on_the_golden_models(string model)
    {
        var ensemble = ModelLoader.Load(Fixture(model + ".json"));
        var lines = File.ReadAllLines(Fixture(model + ".input.csv")).Where(l => l.Length > 0).ToArray();
        var features = lines[0].Split(',').Length;
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(Cell).ToArray()).ToArray();
        var predictor = new Predictor(ensemble, maxThreads: 1);
        var expected = predictor.PredictProbabilities(rows.SelectMany(r => r).ToArray());

        using var temp = new TempWarehouse();
        var w = temp.Warehouse;
        var columns = Enumerable.Range(0, features).Select(f => $"F{f}").ToArray();
        await w.ExecuteAsync($"CREATE TABLE INPUT (I BIGINT, {string.Join(", ", columns.Select(c => c + " DOUBLE"))})", ct: Ct);
        await w.InTransactionAsync(s => s.BulkAppendAsync("INPUT",
            rows.Select((r, i) => new object?[] { (long)i }.Concat(r.Select(v => float.IsNaN(v) ? null : (object?)(double)v)).ToArray()), Ct), Ct);

        await w.ExecuteOnPreparedConnectionAsync(
            c => DuckDbPredictFunction.Register(c, "MLOPS_PREDICT_TEST", predictor),
            $"CREATE TABLE OUTPUT AS SELECT I, MLOPS_PREDICT_TEST({string.Join(", ", columns)}) AS P FROM INPUT", ct: Ct);

        var actual = (await w.QueryAsync<(long I, double P)>("SELECT I, P FROM OUTPUT ORDER BY I", ct: Ct)).ToList();
        Assert.Equal(rows.Length, actual.Count);
        for (var i = 0; i < rows.Length; i++)
            Assert.True(actual[i].P.Equals((double)expected[i]), $"{model} row {i}: predictor {expected[i]:R}, DuckDB function {actual[i].P:R}");
    }

    [Fact]
    public async Task Full_vectors_partial_vectors_nulls_and_nans_give_the_predictors_values()
    {
        // 5,000 rows: two full 2,048-row vectors (the reused buffers) and a partial one; NULL and NaN are both missing.
        var ensemble = ModelLoader.Load(Fixture("nan_heavy.json"));
        var predictor = new Predictor(ensemble, maxThreads: 1);
        var features = predictor.NumFeatures;
        var random = new Random(18);
        var rows = Enumerable.Range(0, 5_000).Select(_ => Enumerable.Range(0, features).Select(_ => random.Next(10) switch
        {
            0 => (double?)null,
            1 => double.NaN,
            _ => (random.NextDouble() * 20) - 10,
        }).ToArray()).ToArray();
        var expected = predictor.PredictProbabilities(rows.SelectMany(r => r.Select(v => v is { } d ? (float)d : float.NaN)).ToArray());

        using var temp = new TempWarehouse();
        var w = temp.Warehouse;
        var columns = Enumerable.Range(0, features).Select(f => $"F{f}").ToArray();
        await w.ExecuteAsync($"CREATE TABLE INPUT (I BIGINT, {string.Join(", ", columns.Select(c => c + " DOUBLE"))})", ct: Ct);
        await w.InTransactionAsync(s => s.BulkAppendAsync("INPUT",
            rows.Select((r, i) => new object?[] { (long)i }.Concat(r.Select(v => (object?)v)).ToArray()), Ct), Ct);
        Assert.True(await w.ScalarAsync<long>("SELECT COUNT(*) FROM INPUT WHERE isnan(F0)", ct: Ct) > 0, "NaN must reach DuckDB as NaN, not NULL");

        await w.EnsureFunctionAsync("MLOPS_PREDICT_MIXED", c => DuckDbPredictFunction.Register(c, "MLOPS_PREDICT_MIXED", predictor), Ct);
        var actual = (await w.QueryAsync<(long I, double P)>(
            $"SELECT I, MLOPS_PREDICT_MIXED({string.Join(", ", columns)}) AS P FROM INPUT ORDER BY I", ct: Ct)).ToList();

        Assert.Equal(rows.Length, actual.Count);
        for (var i = 0; i < rows.Length; i++)
            Assert.True(actual[i].P.Equals((double)expected[i]), $"row {i}: predictor {expected[i]:R}, DuckDB function {actual[i].P:R}");
    }

    [Fact]
    public async Task DuckDB_keeps_a_registered_function_for_every_connection_until_the_database_closes()
    {
        // Why the scoring function is registered once per model artifact, not per run: it outlives the connection
        // that registered it and cannot be dropped, so per-run functions would pile up (each holding its predictor).
        var predictor = new Predictor(ModelLoader.Load(Fixture("lab.json")), maxThreads: 1);
        var args = string.Join(", ", Enumerable.Range(0, predictor.NumFeatures).Select(_ => "1.0"));
        var expected = (double)predictor.PredictProbabilities(Enumerable.Repeat(1f, predictor.NumFeatures).ToArray())[0];
        using var temp = new TempWarehouse();
        var w = temp.Warehouse;
        await w.ExecuteOnPreparedConnectionAsync(c => DuckDbPredictFunction.Register(c, "MLOPS_PREDICT_KEPT", predictor), "SELECT 1", ct: Ct);

        Assert.Equal(expected, await w.ScalarAsync<double>($"SELECT MLOPS_PREDICT_KEPT({args})", ct: Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => w.ExecuteAsync("DROP FUNCTION MLOPS_PREDICT_KEPT", ct: Ct));
        Assert.Equal(expected, await w.ScalarAsync<double>($"SELECT MLOPS_PREDICT_KEPT({args})", ct: Ct));
    }

    [Fact]
    public async Task A_function_is_registered_once_whoever_asks_first()
    {
        var predictor = new Predictor(ModelLoader.Load(Fixture("lab.json")), maxThreads: 1);
        using var temp = new TempWarehouse();
        var registrations = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => temp.Warehouse.EnsureFunctionAsync("MLOPS_PREDICT_ONCE", c =>
        {
            Interlocked.Increment(ref registrations);
            DuckDbPredictFunction.Register(c, "MLOPS_PREDICT_ONCE", predictor);
        }, Ct)));
        await temp.Warehouse.EnsureFunctionAsync("MLOPS_PREDICT_ONCE", _ => Interlocked.Increment(ref registrations), Ct);

        Assert.Equal(1, registrations);
    }

    [Fact]
    public void The_function_name_follows_the_artifact()
    {
        Assert.Equal(DuckDbPredictFunction.NameFor("abc"), DuckDbPredictFunction.NameFor("abc"));
        Assert.NotEqual(DuckDbPredictFunction.NameFor("abc"), DuckDbPredictFunction.NameFor("abd"));
        Assert.Matches("^MLOPS_PREDICT_[0-9A-F]{16}$", DuckDbPredictFunction.NameFor("abc"));
    }

    private static float Cell(string s) => s.Length == 0 ? float.NaN : float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
