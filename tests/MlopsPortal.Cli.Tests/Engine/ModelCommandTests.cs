namespace MlopsPortal.Cli.Tests.Engine;

public sealed class ModelCommandTests
{
    public static TheoryData<string> Artifacts()
    {
        var data = new TheoryData<string>();
        foreach (var model in new[] { "default", "lab", "categorical", "dart", "pandas_names", "nan_heavy" })
        {
            foreach (var ext in new[] { ".json", ".ubj", ".bin", ".tar.gz" })
            {
                if (File.Exists(CliRunner.Fixture(model + ext)))
                {
                    data.Add(model + ext);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Artifacts))]
    public async Task Predict_writes_xgboost_probabilities_and_classes(string artifact)
    {
        string model = artifact[..artifact.IndexOf('.')];
        string output = CliRunner.TempFile("y.csv");
        var (code, _, err) = await CliRunner.Run("model", "predict", CliRunner.Fixture(artifact), "--input", CliRunner.Fixture(model + ".input.csv"), "--output", output);
        Assert.True(code == 0, err);
        var got = CliRunner.ReadCsv(output, out var header);
        Assert.Equal(["PREDICTED_SCORE", "PREDICTED_RESPONSE"], header);
        var expected = CliRunner.ReadCsv(CliRunner.Fixture(model + ".expected.csv"), out _);
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            Assert.True(Math.Abs(expected[i][1] - got[i][0]) <= 1e-6, $"row {i}");
            Assert.Equal(expected[i][1] > 0.5f ? 1f : 0f, got[i][1]);
        }
    }

    [Theory]
    [MemberData(nameof(Artifacts))]
    public async Task Explain_writes_xgboost_contributions_with_feature_names_and_bias(string artifact)
    {
        string model = artifact[..artifact.IndexOf('.')];
        string output = CliRunner.TempFile("c.csv");
        var (code, _, err) = await CliRunner.Run("model", "explain", CliRunner.Fixture(artifact), "--input", CliRunner.Fixture(model + ".input.csv"), "--output", output);
        Assert.True(code == 0, err);
        var got = CliRunner.ReadCsv(output, out var header);
        var expected = CliRunner.ReadCsv(CliRunner.Fixture(model + ".contribs.csv"), out var expectedHeader);
        Assert.Equal("BIAS", header[^1]);
        if (!artifact.EndsWith(".bin", StringComparison.Ordinal) && !artifact.EndsWith(".tar.gz", StringComparison.Ordinal) || model == "categorical")
        {
            Assert.Equal(expectedHeader, header); // names survive in JSON/UBJSON (legacy binary has none: f0..)
        }

        for (int i = 0; i < got.Length; i++)
        {
            for (int k = 0; k < header.Length; k++)
            {
                Assert.True(Math.Abs(expected[i][k] - got[i][k]) <= 1e-5, $"row {i} col {k}: {got[i][k]} vs {expected[i][k]}");
            }
        }
    }

    [Fact]
    public async Task Columns_are_matched_by_name_in_any_order_and_extra_columns_are_ignored()
    {
        var lines = File.ReadAllLines(CliRunner.Fixture("pandas_names.input.csv"));
        var header = SplitCsv(lines[0]);
        int n = header.Length;
        var order = Enumerable.Range(0, n).Reverse().ToArray();
        string Quote(string s) => s.Contains(',') || s.Contains(' ') ? "\"" + s + "\"" : s;
        var shuffled = new List<string> { "EXTRA," + string.Join(',', order.Select(i => Quote(header[i]))) };
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            shuffled.Add("x," + string.Join(',', order.Select(i => cells[i])));
        }

        string input = CliRunner.TempFile("x.csv");
        await File.WriteAllLinesAsync(input, shuffled, TestContext.Current.CancellationToken);
        string output = CliRunner.TempFile("y.csv");
        var (code, _, err) = await CliRunner.Run("model", "predict", CliRunner.Fixture("pandas_names.json"), "--input", input, "--output", output);
        Assert.True(code == 0, err);
        var got = CliRunner.ReadCsv(output, out _);
        var expected = CliRunner.ReadCsv(CliRunner.Fixture("pandas_names.expected.csv"), out _);
        for (int i = 0; i < got.Length; i++)
        {
            Assert.True(Math.Abs(expected[i][1] - got[i][0]) <= 1e-6);
        }
    }

    [Fact]
    public async Task Inspect_names_format_objective_trees_depth_and_features()
    {
        var (code, stdout, _) = await CliRunner.Run("model", "inspect", CliRunner.Fixture("lab.tar.gz"));
        Assert.Equal(0, code);
        Assert.Contains("format: XGBoost legacy binary (1.x)", stdout);
        Assert.Contains("objective: binary:logistic", stdout);
        Assert.Contains("trees: 100", stdout);
        Assert.Contains("depth: 6", stdout);
        Assert.Contains("features: 8", stdout);
        Assert.Contains("best_ntree_limit: 100", stdout);

        (code, stdout, _) = await CliRunner.Run("model", "inspect", CliRunner.Fixture("pandas_names.ubj"));
        Assert.Equal(0, code);
        Assert.Contains("format: XGBoost UBJSON", stdout);
        Assert.Contains("income.k", stdout);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("snowflake")]
    public async Task To_sql_prints_one_expression_over_quoted_columns(string dialect)
    {
        var (code, stdout, _) = await CliRunner.Run("model", "to-sql", CliRunner.Fixture("pandas_names.json"), "--dialect", dialect);
        Assert.Equal(0, code);
        Assert.Contains("\"loan amount\"", stdout);
        Assert.Contains("CASE WHEN", stdout);
        Assert.Contains("EXP(", stdout);
    }

    [Fact]
    public async Task Bench_ends_with_rows_per_second()
    {
        var (code, stdout, err) = await CliRunner.Run("bench", "predict", CliRunner.Fixture("default.json"), "--rows", "2000", "--threads", "2", "--repeat", "1");
        Assert.True(code == 0, err);
        var last = stdout.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^rows_per_s=\d+$", last);
        (code, stdout, err) = await CliRunner.Run("bench", "explain", CliRunner.Fixture("default.json"), "--rows", "500", "--threads", "1", "--repeat", "1");
        Assert.True(code == 0, err);
        Assert.Matches(@"rows_per_s=\d+\s*$", stdout);
    }

    [Fact]
    public async Task Bad_usage_exits_2_and_bad_input_exits_1_with_clear_messages()
    {
        var (code, _, err) = await CliRunner.Run("model", "predict", CliRunner.Fixture("default.json"), "--input", "x.csv");
        Assert.Equal(2, code);
        Assert.Contains("--output", err);

        (code, _, err) = await CliRunner.Run("model", "frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("frobnicate", err);

        (code, _, err) = await CliRunner.Run("nonsense");
        Assert.Equal(2, code);

        (code, _, err) = await CliRunner.Run("model", "inspect", CliRunner.Fixture("does-not-exist.json"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", err);

        (code, _, err) = await CliRunner.Run("model", "inspect", CliRunner.Fixture("reject_pickle.pkl"));
        Assert.Equal(1, code);
        Assert.Contains("pickle", err);

        (code, _, err) = await CliRunner.Run("model", "inspect", CliRunner.Fixture("reject_gblinear.json"));
        Assert.Equal(1, code);
        Assert.Contains("gblinear", err);

        string input = CliRunner.TempFile("x.csv");
        await File.WriteAllTextAsync(input, "rate,x.1\n1,2\n", TestContext.Current.CancellationToken);
        (code, _, err) = await CliRunner.Run("model", "predict", CliRunner.Fixture("pandas_names.json"), "--input", input, "--output", CliRunner.TempFile("y.csv"));
        Assert.Equal(1, code);
        Assert.Contains("missing 3", err);
        Assert.Contains("'loan amount'", err);

        await File.WriteAllTextAsync(input, "loan amount,income.k,a b.c,rate,x.1\n1,2,abc,4,5\n", TestContext.Current.CancellationToken);
        (code, _, err) = await CliRunner.Run("model", "predict", CliRunner.Fixture("pandas_names.json"), "--input", input, "--output", CliRunner.TempFile("y.csv"));
        Assert.Equal(1, code);
        Assert.Contains("'abc' is not a number", err);
    }

    private static string[] SplitCsv(string line) => line.Split(',');
}
