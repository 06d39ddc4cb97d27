using DuckDB.NET.Data;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Sql;

namespace MlopsPortal.Trees.Tests.Sql;

public sealed class SqlCompilerTests
{
    [Theory]
    [InlineData("default.json")]
    [InlineData("categorical.json")]
    [InlineData("lab.json")]
    [InlineData("nan_heavy.bin")]
    [InlineData("logitraw.json")]
    public void DuckDb_evaluates_the_compiled_model_like_the_predictor(string file)
    {
        var e = Golden.Load(file);
        var rows = TestRows(e, 2500, seed: file.Length);
        var sqlValues = EvaluateOnDuckDb(e, rows);
        var x = rows.SelectMany(r => r.Select(v => v.HasValue ? (float)v.Value : float.NaN)).ToArray();
        var expected = new Predictor(e).PredictProbabilities(x);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - sqlValues[i]) <= 1e-6, $"row {i}: SQL {sqlValues[i]:R} vs predictor {expected[i]:R}");
        }
    }

    [Fact]
    public void DuckDb_real_and_integer_columns_compare_exactly()
    {
        var e = Golden.Load("base_score.json");
        var rows = TestRows(e, 2000, seed: 3);
        var asReal = rows.Select(r => r.Select(v => v.HasValue ? (double?)(float)v.Value : null).ToArray()).ToList();
        var x = asReal.SelectMany(r => r.Select(v => v.HasValue ? (float)v.Value : float.NaN)).ToArray();
        var expected = new Predictor(e).PredictProbabilities(x);
        var sqlValues = EvaluateOnDuckDb(e, asReal, "REAL");
        var ints = rows.Select(r => r.Select(v => v.HasValue ? (double?)Math.Round(v.Value) : null).ToArray()).ToList();
        var xi = ints.SelectMany(r => r.Select(v => v.HasValue ? (float)v.Value : float.NaN)).ToArray();
        var expectedInts = new Predictor(e).PredictProbabilities(xi);
        var sqlInts = EvaluateOnDuckDb(e, ints, "INTEGER");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - sqlValues[i]) <= 1e-6, $"REAL row {i}");
            Assert.True(Math.Abs(expectedInts[i] - sqlInts[i]) <= 1e-6, $"INTEGER row {i}");
        }
    }

    [Fact]
    public void Snowflake_dialect_quotes_names_and_uses_double_literals()
    {
        var e = Golden.Load("pandas_names.json");
        string sql = SqlCompiler.CompileProbability(e, SqlDialectKind.Snowflake);
        Assert.Contains("\"loan amount\" < ", sql);
        Assert.Contains("\"income.k\" ", sql);
        Assert.StartsWith("(1.0000000000000000E+000 / ", sql);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.16049628f)]
    [InlineData(-3.25f)]
    [InlineData(0f)]
    [InlineData(1e-30f)]
    [InlineData(123456.7f)]
    public void Float32_less_than_is_exact_for_doubles_around_the_threshold(float thr)
    {
        var (limit, inclusive) = SqlCompiler.LessThanLimit(thr);
        foreach (double x in Around(thr).Concat(Around(limit)))
        {
            bool sql = inclusive ? x <= limit : x < limit;
            Assert.Equal((float)x < thr, sql);
        }
    }

    private static IEnumerable<double> Around(double v)
    {
        double a = v, b = v;
        yield return v;
        for (int i = 0; i < 4; i++)
        {
            a = Math.BitIncrement(a);
            b = Math.BitDecrement(b);
            yield return a;
            yield return b;
        }
    }

    /// <summary>Random rows plus rows sitting exactly on (and one double ulp around) thresholds, with NULLs.</summary>
    internal static List<double?[]> TestRows(TreeEnsemble e, int n, int seed)
    {
        var rng = new Random(seed);
        var thresholds = new List<(int Feature, float Value)>();
        foreach (var t in e.Trees)
        {
            for (int i = 0; i < t.NodeCount; i++)
            {
                if (!t.IsLeaf(i))
                {
                    thresholds.Add((t.SplitIndices[i], t.SplitTypes[i] == 1 ? rng.Next(0, 14) : t.SplitConditions[i]));
                }
            }
        }

        var rows = new List<double?[]>();
        for (int r = 0; r < n; r++)
        {
            var row = new double?[e.NumFeatures];
            for (int f = 0; f < row.Length; f++)
            {
                row[f] = rng.NextDouble() < 0.1 ? null
                    : e.IsCategorical(f) ? rng.Next(-1, 14) + (rng.NextDouble() < 0.2 ? rng.NextDouble() : 0)
                    : rng.NextDouble() * 8 - 4;
            }

            if (thresholds.Count > 0)
            {
                for (int k = 0; k < 3; k++)
                {
                    var (f, v) = thresholds[rng.Next(thresholds.Count)];
                    double x = v;
                    switch (rng.Next(4))
                    {
                        case 1: x = Math.BitIncrement(x); break;
                        case 2: x = Math.BitDecrement(x); break;
                        case 3: x = (MathF.BitDecrement(v) + (double)v) / 2; break;
                    }

                    row[f] = x;
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    internal static double[] EvaluateOnDuckDb(TreeEnsemble e, List<double?[]> rows, string columnType = "DOUBLE")
    {
        var names = e.EffectiveFeatureNames;
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE t (rid INTEGER, " + string.Join(", ", names.Select(n => "\"" + n.Replace("\"", "\"\"") + "\" " + columnType)) + ")";
            cmd.ExecuteNonQuery();
        }

        using (var appender = conn.CreateAppender("t"))
        {
            for (int r = 0; r < rows.Count; r++)
            {
                var row = appender.CreateRow();
                row.AppendValue(r);
                foreach (var v in rows[r])
                {
                    if (columnType == "REAL")
                    {
                        row.AppendValue(v.HasValue ? (float?)v.Value : null);
                    }
                    else if (columnType == "INTEGER")
                    {
                        row.AppendValue(v.HasValue ? (int?)v.Value : null);
                    }
                    else
                    {
                        row.AppendValue(v);
                    }
                }

                row.EndRow();
            }
        }

        using var q = conn.CreateCommand();
        q.CommandText = $"SELECT {SqlCompiler.CompileProbability(e, SqlDialectKind.DuckDb)} AS p FROM t ORDER BY rid";
        using var reader = q.ExecuteReader();
        var result = new List<double>();
        while (reader.Read())
        {
            result.Add(reader.GetDouble(0));
        }

        Assert.Equal(rows.Count, result.Count);
        return result.ToArray();
    }
}
