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

    private static float Cell(string s) => s.Length == 0 ? float.NaN : float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
