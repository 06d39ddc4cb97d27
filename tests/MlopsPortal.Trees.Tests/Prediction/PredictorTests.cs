using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Trees.Tests.Prediction;

public sealed class PredictorTests
{
    public static TheoryData<string> ArtifactFiles() => Reading.ModelLoaderTests.ArtifactFiles();

    [Theory]
    [MemberData(nameof(ArtifactFiles))]
    public void Margins_and_probabilities_equal_xgboost_bit_for_bit(string file)
    {
        string model = file[..file.IndexOf('.')];
        var predictor = new Predictor(Golden.Load(file), maxThreads: 2);
        var x = Golden.Input(model);
        var (margin, proba) = Golden.Expected(model);
        var m = predictor.PredictMargins(x);
        var p = predictor.PredictProbabilities(x);
        for (int i = 0; i < margin.Length; i++)
        {
            Assert.True(margin[i] == m[i], $"row {i}: margin {m[i]:R} vs xgboost {margin[i]:R}");
            Assert.True(Math.Abs(proba[i] - p[i]) <= 1e-6f, $"row {i}: proba {p[i]:R} vs xgboost {proba[i]:R}");
        }
    }

    [Fact]
    public void Fast_path_equals_slow_single_row_walk_on_many_random_rows()
    {
        var e = Golden.Load("nan_heavy.json");
        var predictor = new Predictor(e, maxThreads: 2);
        var rng = new Random(5);
        int n = 5000;
        var x = new float[n * e.NumFeatures];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < 0.3 ? float.NaN : (float)(rng.NextDouble() * 6 - 3);
        }

        var fast = predictor.PredictMargins(x);
        for (int r = 0; r < n; r++)
        {
            Assert.Equal(predictor.PredictMargin(x.AsSpan(r * e.NumFeatures, e.NumFeatures)), fast[r]);
        }
    }

    [Fact]
    public void Classes_follow_probability_above_one_half()
    {
        var predictor = new Predictor(Golden.Load("default.json"));
        var x = Golden.Input("default");
        var p = predictor.PredictProbabilities(x);
        var c = predictor.PredictClasses(x);
        Assert.Equal(p.Select(v => v > 0.5f ? 1 : 0), c);
        Assert.Contains(0, c);
        Assert.Contains(1, c);
    }

    [Fact]
    public void Wrong_row_width_is_rejected()
    {
        var predictor = new Predictor(Golden.Load("default.json"));
        var ex = Assert.Throws<ArgumentException>(() => predictor.PredictMargins(new float[15]));
        Assert.Contains("10 features", ex.Message);
    }

    [Fact]
    public void Tree_limit_keeps_the_first_trees()
    {
        var e = Golden.Load("default.json");
        var limited = e.WithTreeLimit(10);
        Assert.Equal(10, limited.Trees.Count);
        var x = Golden.Input("default");
        var m = new Predictor(limited).PredictMargins(x);
        for (int r = 0; r < 20; r++)
        {
            float expected = e.Margin0;
            for (int t = 0; t < 10; t++)
            {
                expected += NodeDecision.Leaf(e.Trees[t], x.AsSpan(r * e.NumFeatures, e.NumFeatures));
            }

            Assert.Equal(expected, m[r]);
        }
    }
}
