using System.Runtime.Intrinsics.X86;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Trees.Tests.Prediction;

public sealed class PredictorTests
{
    public static TheoryData<string> ArtifactFiles() => Reading.ModelLoaderTests.ArtifactFiles();

    /// <summary>Every artifact through every kernel: the automatic choice, forced scalar and forced AVX2.</summary>
    public static TheoryData<string, PredictKernel> ArtifactFilesByKernel()
    {
        var data = new TheoryData<string, PredictKernel>();
        foreach (var file in Golden.AllModels.SelectMany(Golden.Artifacts))
        {
            foreach (var k in new[] { PredictKernel.Auto, PredictKernel.Scalar, PredictKernel.Avx2 })
            {
                data.Add(file, k);
            }
        }

        return data;
    }

    public static TheoryData<PredictKernel> Kernels() => new(PredictKernel.Scalar, PredictKernel.Avx2);

    private static Predictor Make(TreeEnsemble e, PredictKernel kernel, int maxThreads = 2)
    {
        Assert.SkipWhen(kernel == PredictKernel.Avx2 && !Avx2.IsSupported, "this CPU has no AVX2");
        return new Predictor(e, maxThreads, kernel);
    }

    [Theory]
    [MemberData(nameof(ArtifactFilesByKernel))]
    public void Margins_and_probabilities_equal_xgboost_bit_for_bit(string file, PredictKernel kernel)
    {
        string model = file[..file.IndexOf('.')];
        var predictor = Make(Golden.Load(file), kernel);
        Assert.NotEqual(PredictKernel.Auto, predictor.Kernel);
        if (kernel != PredictKernel.Auto)
        {
            Assert.Equal(kernel, predictor.Kernel);
        }

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

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Fast_path_equals_slow_single_row_walk_on_many_random_rows(PredictKernel kernel)
    {
        var e = Golden.Load("nan_heavy.json");
        var predictor = Make(e, kernel);
        var rng = new Random(5);
        int n = 5003; // not a multiple of the block size: the last block is partial
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

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Every_golden_model_gives_the_same_margins_through_both_kernels_on_random_rows(PredictKernel kernel)
    {
        // rows with NaN, ±∞, values equal to thresholds, 1-row and partial blocks, single- and multi-threaded
        foreach (var name in Golden.AllModels)
        {
            var e = Golden.Load(name + ".json");
            var rng = new Random(11);
            var thresholds = e.Trees.SelectMany(t => t.SplitConditions).ToArray();
            foreach (int n in new[] { 1, 7, 64, 65, 96, 97, 1000 })
            {
                var x = new float[n * e.NumFeatures];
                for (int i = 0; i < x.Length; i++)
                {
                    double u = rng.NextDouble();
                    x[i] = u < 0.1 ? float.NaN
                        : u < 0.12 ? (rng.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity)
                        : u < 0.4 ? thresholds[rng.Next(thresholds.Length)]
                        : (float)(rng.NextDouble() * 8 - 4);
                }

                foreach (int threads in new[] { 1, 2 })
                {
                    var m = Make(e, kernel, threads).PredictMargins(x);
                    for (int r = 0; r < n; r++)
                    {
                        float expected = e.Margin0;
                        foreach (var tree in e.Trees)
                        {
                            expected += NodeDecision.Leaf(tree, x.AsSpan(r * e.NumFeatures, e.NumFeatures));
                        }

                        Assert.True(expected.Equals(m[r]), $"{name}, {n} rows, {threads} threads, row {r}: {m[r]:R} vs walk {expected:R}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Auto_kernel_is_avx2_where_the_cpu_has_it_and_forcing_avx2_elsewhere_throws()
    {
        var e = Golden.Load("default.json");
        if (Avx2.IsSupported)
        {
            Assert.Equal(Environment.GetEnvironmentVariable("MLOPS_PREDICT_SIMD") == "0" ? PredictKernel.Scalar : PredictKernel.Avx2, new Predictor(e).Kernel);
        }
        else
        {
            Assert.Equal(PredictKernel.Scalar, new Predictor(e).Kernel);
            Assert.Throws<PlatformNotSupportedException>(() => new Predictor(e, 1, PredictKernel.Avx2));
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
