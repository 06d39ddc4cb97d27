using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Trees.Tests.Explaining;

public sealed class TreeShapTests
{
    public static TheoryData<string> Models() => new(Golden.AllModels);

    [Theory]
    [MemberData(nameof(Models))]
    public void Exact_algorithm_equals_pred_contribs_bit_for_bit(string model)
    {
        var e = Golden.Load(model + ".json");
        var explainer = new TreeShapExplainer(e, 2, TreeShapAlgorithm.Exact);
        const int rows = 120; // the exact port is slow; the fast algorithm below covers every golden row
        var expected = Golden.Contribs(model).Take(rows).ToArray();
        var got = explainer.Explain(Golden.Input(model).Take(rows * e.NumFeatures).ToArray());
        double tol = model == "dart" ? 1e-5 : 0; // DART: weights folded into leaves change float rounding
        AssertClose(expected, got, explainer.Columns, tol);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Fast_algorithm_equals_pred_contribs_within_1e_5(string model)
    {
        var e = Golden.Load(model + ".ubj");
        var explainer = new TreeShapExplainer(e, 2);
        var expected = Golden.Contribs(model);
        var got = explainer.Explain(Golden.Input(model));
        AssertClose(expected, got, explainer.Columns, 1e-5);
    }

    /// <summary>Every code path of the fast algorithm (group tables on/off, 8-row SIMD decisions on/off, PEXT on/off).</summary>
    public static TheoryData<string, bool, bool, bool> ModelsAndPaths()
    {
        var data = new TheoryData<string, bool, bool, bool>();
        foreach (var model in Golden.AllModels)
        {
            foreach (var (groups, simd, pext) in new[] { (true, true, true), (true, false, true), (true, true, false), (false, false, true), (false, false, false) })
            {
                data.Add(model, groups, simd, pext);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndPaths))]
    public void Fast_algorithm_paths_equal_pred_contribs_within_1e_5(string model, bool groups, bool simd, bool pext)
    {
        var e = Golden.Load(model + ".json");
        var options = new FastTreeShap.Options(groups, simd, pext, 7);
        var explainer = new TreeShapExplainer(e, 2, TreeShapAlgorithm.Fast, options);
        if (!groups)
        {
            Assert.Equal(0, explainer.GroupedTrees);
        }
        else if (model is "default" or "nan_heavy" or "categorical" or "lab")
        {
            Assert.Equal(e.Trees.Count, explainer.GroupedTrees); // small trees: all through the group tables
        }

        AssertClose(Golden.Contribs(model), explainer.Explain(Golden.Input(model)), explainer.Columns, 1e-5);
    }

    [Theory]
    [InlineData(true, true, true, 7)]
    [InlineData(true, false, true, 7)]
    [InlineData(true, true, false, 7)]
    [InlineData(true, true, true, 4)]
    [InlineData(true, true, true, 10)]
    [InlineData(false, false, true, 7)]
    public void Fast_paths_equal_the_exact_port_on_wide_random_models(bool groups, bool simd, bool pext, int groupBits)
    {
        // 301 rows (a last block of odd length); 24 features (tables keep per-tree feature lists), trees over 6, 12 or all of them, deep chains (leaf groups of up to
        // 12 decisions and, past that, the per-leaf tables), 10% missing values
        var e = RandomModel(features: 24, seed: 5);
        var wide = e.Trees[^3];
        Assert.True(Enumerable.Range(0, wide.NodeCount).Where(n => !wide.IsLeaf(n)).Select(n => wide.SplitIndices[n]).Distinct().Count() > 16);
        var rng = new Random(11);
        var x = new float[301 * e.NumFeatures];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < 0.1 ? float.NaN : (float)(rng.NextDouble() * 4 - 2);
        }

        var exact = new TreeShapExplainer(e, 2, TreeShapAlgorithm.Exact).Explain(x);
        var fast = new TreeShapExplainer(e, 2, TreeShapAlgorithm.Fast, new FastTreeShap.Options(groups, simd, pext, groupBits));
        Assert.Equal(groups ? e.Trees.Count - 1 : 0, fast.GroupedTrees); // the 14-deep chain has no group table
        var got = fast.Explain(x);
        int cols = fast.Columns;
        AssertClose(Enumerable.Range(0, 301).Select(r => exact.AsSpan(r * cols, cols).ToArray()).ToArray(), got, cols, 1e-5);
    }

    private static TreeEnsemble RandomModel(int features, int seed)
    {
        var rng = new Random(seed);
        var trees = new List<RegressionTree>();
        for (int t = 0; t < 12; t++)
        {
            int[] subset = Enumerable.Range(0, features).OrderBy(_ => rng.Next()).Take(t % 2 == 0 ? 12 : 6).ToArray();
            trees.Add(RandomTree(rng, subset, depth: 3 + t % 4, chain: 0));
        }

        trees.Add(RandomTree(rng, Enumerable.Range(0, features).ToArray(), depth: 5, chain: 0)); // entries of 3 vectors
        trees.Add(RandomTree(rng, [1, 2, 3, 4, 5], depth: 0, chain: 10)); // paths of up to 11 decisions
        trees.Add(RandomTree(rng, [6, 7, 8], depth: 0, chain: 14)); // past the leaf limit
        return new TreeEnsemble(trees, features);
    }

    /// <summary>A tree of full depth <paramref name="depth"/>, or a chain (one child a leaf) of <paramref name="chain"/> splits.</summary>
    private static RegressionTree RandomTree(Random rng, int[] subset, int depth, int chain)
    {
        var left = new List<int>();
        var right = new List<int>();
        var split = new List<int>();
        var cond = new List<float>();
        var dl = new List<bool>();
        var hess = new List<float>();

        int Node(int level, bool leaf)
        {
            int id = left.Count;
            left.Add(-1);
            right.Add(-1);
            split.Add(0);
            cond.Add((float)(rng.NextDouble() - 0.5));
            dl.Add(rng.Next(2) == 0);
            hess.Add((float)(1 + rng.NextDouble() * 50));
            if (leaf)
            {
                return id;
            }

            split[id] = subset[rng.Next(subset.Length)];
            cond[id] = (float)(rng.NextDouble() * 3 - 1.5);
            bool chainLeafLeft = rng.Next(2) == 0;
            int l = chain > 0 ? Node(level + 1, chainLeafLeft || level + 1 >= chain) : Node(level + 1, level + 1 >= depth);
            int r = chain > 0 ? Node(level + 1, !chainLeafLeft || level + 1 >= chain) : Node(level + 1, level + 1 >= depth);
            left[id] = l;
            right[id] = r;
            hess[id] = hess[l] + hess[r];
            return id;
        }

        Node(0, depth == 0 && chain == 0);
        return new RegressionTree(left.ToArray(), right.ToArray(), split.ToArray(), cond.ToArray(), dl.ToArray(), hess.ToArray());
    }

    [Fact]
    public void Explainers_of_one_ensemble_share_the_tables()
    {
        var e = Golden.Load("default.json");
        var first = new TreeShapExplainer(e, 1);
        Assert.Same(first.Tables, new TreeShapExplainer(e, 2).Tables);
        Assert.NotSame(first.Tables, new TreeShapExplainer(Golden.Load("default.json")).Tables);
        var forced = new TreeShapExplainer(e, 1, TreeShapAlgorithm.Fast, FastTreeShap.Options.Default with { SimdDecisions = false });
        Assert.NotSame(first.Tables, forced.Tables);
        Assert.Equal(first.Explain(Golden.Input("default")), forced.Explain(Golden.Input("default")));
    }

    [Fact]
    public void Contributions_sum_to_the_margin()
    {
        var e = Golden.Load("default.json");
        var x = Golden.Input("default");
        var margins = new Predictor(e).PredictMargins(x);
        var c = new TreeShapExplainer(e).Explain(x);
        int cols = e.NumFeatures + 1;
        for (int r = 0; r < margins.Length; r++)
        {
            double sum = 0;
            for (int k = 0; k < cols; k++)
            {
                sum += c[r * cols + k];
            }

            Assert.True(Math.Abs(sum - margins[r]) < 1e-4, $"row {r}: Σφ {sum} vs margin {margins[r]}");
        }
    }

    [Fact]
    public void Column_names_are_features_then_bias()
    {
        var e = Golden.Load("pandas_names.json");
        Assert.Equal(["loan amount", "income.k", "a b.c", "rate", "x.1", "BIAS"], new TreeShapExplainer(e).ColumnNames);
    }

    private static void AssertClose(float[][] expected, float[] got, int cols, double tol)
    {
        Assert.Equal(expected.Length * cols, got.Length);
        double worst = 0;
        for (int r = 0; r < expected.Length; r++)
        {
            for (int k = 0; k < cols; k++)
            {
                double d = Math.Abs(expected[r][k] - got[r * cols + k]);
                worst = Math.Max(worst, d);
                Assert.True(d <= tol, $"row {r} col {k}: {got[r * cols + k]:R} vs xgboost {expected[r][k]:R}");
            }
        }
    }
}
