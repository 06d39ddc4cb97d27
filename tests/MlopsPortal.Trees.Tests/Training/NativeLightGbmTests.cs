using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Training;

namespace MlopsPortal.Trees.Tests.Training;

/// <summary>LightGBM called directly: same quality as through ML.NET, exact conversion, hessian covers, fallback.</summary>
public sealed class NativeLightGbmTests
{
    private static readonly TrainingData Train = SyntheticLoans.Make(8000, 11);
    private static readonly TrainingData Holdout = SyntheticLoans.Make(4000, 12);
    private static readonly TrainerParameters Params = new() { NTrees = 40, MaxDepth = 6, LearningRate = 0.3, Threads = 1, Seed = 42 };

    [Fact]
    public void Native_and_mlnet_lightgbm_reach_the_same_holdout_auc()
    {
        var native = EnsembleTrainer.Train(Train, Params with { Trainer = TrainerKind.LightGbm });
        var mlnet = EnsembleTrainer.Train(Train, Params with { Trainer = TrainerKind.MlNetLightGbm });
        Assert.Equal(EnsembleTrainer.NativeLightGbmName, native.TrainerName);
        Assert.Equal(EnsembleTrainer.MlNetLightGbmName, mlnet.TrainerName);

        double a = Auc(Holdout.Labels, new Predictor(native.Ensemble).PredictProbabilities(Holdout.Rows));
        double b = Auc(Holdout.Labels, new Predictor(mlnet.Ensemble).PredictProbabilities(Holdout.Rows));
        Assert.InRange(a, 0.6, 1.0); // a real model
        Assert.True(Math.Abs(a - b) <= 0.005, $"holdout AUC native {a:F6} vs ML.NET {b:F6}");
    }

    [Fact]
    public void Engine_predicts_lightgbms_own_probabilities_on_the_training_rows()
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = TrainerKind.LightGbm });
        Assert.True(Train.Rows.Any(float.IsNaN), "the training rows must include missing values");
        var expected = model.PredictWithTrainer(Train.Rows);
        var actual = new Predictor(model.Ensemble).PredictProbabilities(Train.Rows);
        MlNetConversionTests.AssertClose(expected, actual, MlNetConversionTests.Tolerance(TrainerKind.LightGbm));
        Assert.Equal(Params.NTrees, model.Ensemble.Trees.Count);
        Assert.InRange(expected.Distinct().Count(), 100, int.MaxValue);
    }

    [Fact]
    public void Covers_are_the_sums_of_the_training_rows_hessians()
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = TrainerKind.LightGbm });
        var trees = model.Ensemble.Trees;
        int nf = Train.NumFeatures;

        // before tree 0 every row has LightGBM's initial score log(p̄/(1−p̄)) (boost_from_average): hessian p̄(1−p̄)
        double mean = Train.Labels.Count(l => l) / (double)Train.Count;
        var before = Enumerable.Repeat(Math.Log(mean / (1 - mean)), Train.Count).ToArray();
        foreach (int t in new[] { 0, 1, 5, trees.Count - 1 })
        {
            if (t > 0)
            {
                var first = new TreeEnsemble(trees.Take(t).ToList(), nf, Objective.BinaryLogistic, 0.5f, Train.FeatureNames);
                before = new Predictor(first).PredictMargins(Train.Rows).Select(m => (double)m).ToArray();
            }

            var tree = trees[t];
            var sums = new double[tree.NodeCount];
            for (int r = 0; r < Train.Count; r++)
            {
                double p = 1 / (1 + Math.Exp(-before[r]));
                double h = p * (1 - p);
                int node = 0;
                sums[node] += h;
                while (!tree.IsLeaf(node))
                {
                    float x = Train.Rows[r * nf + tree.SplitIndices[node]];
                    bool left = float.IsNaN(x) ? tree.DefaultLeft[node] : x < tree.SplitConditions[node];
                    node = left ? tree.LeftChildren[node] : tree.RightChildren[node];
                    sums[node] += h;
                }
            }

            for (int n = 0; n < tree.NodeCount; n++)
            {
                Assert.True(Math.Abs(sums[n] - tree.SumHessian[n]) <= 1e-4 * Math.Max(1, sums[n]), $"tree {t} node {n}: cover {tree.SumHessian[n]} vs Σ hessian {sums[n]}");
            }

            Assert.True(tree.SumHessian[0] < Train.Count * 0.25 + 1, "a hessian sum, not a row count");
        }
    }

    [Fact]
    public void A_native_library_that_does_not_load_falls_back_to_mlnet_lightgbm_with_the_reason()
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = TrainerKind.Auto, NativeLibrary = "lib_lightgbm_not_here" });
        Assert.Equal(EnsembleTrainer.MlNetLightGbmName, model.TrainerName);
        Assert.Equal(TrainerKind.LightGbm, model.Trainer);
        Assert.Contains("lib_lightgbm_not_here", model.FallbackReason);
        Assert.Contains("did not load", model.FallbackReason);
        Assert.Equal(model.FallbackReason, model.Ensemble.Attributes["trainer_fallback"]);
        Assert.Equal(EnsembleTrainer.MlNetLightGbmName, model.Ensemble.Attributes["trainer"]);
        MlNetConversionTests.AssertClose(model.PredictWithTrainer(Holdout.Rows), new Predictor(model.Ensemble).PredictProbabilities(Holdout.Rows), 1e-6);

        var direct = EnsembleTrainer.Train(Train, Params with { Trainer = TrainerKind.Auto });
        Assert.Equal(EnsembleTrainer.NativeLightGbmName, direct.TrainerName);
        Assert.Null(direct.FallbackReason);
    }

    [Fact]
    public void Features_that_never_split_give_lightgbms_constant_model()
    {
        // constant columns: LightGBM stops at once and keeps one leaf holding its initial score log(p̄/(1−p̄))
        var labels = Enumerable.Range(0, 500).Select(i => i % 4 == 0).ToArray();
        var rows = Enumerable.Range(0, 500 * 2).Select(i => i % 2 == 0 ? 1f : float.NaN).ToArray();
        var model = EnsembleTrainer.Train(new TrainingData(rows, labels, ["a", "b"]), Params with { Trainer = TrainerKind.LightGbm });
        Assert.Equal(EnsembleTrainer.NativeLightGbmName, model.TrainerName);
        var engine = new Predictor(model.Ensemble).PredictProbabilities(rows);
        Assert.All(engine, p => Assert.Equal(0.25, p, 1e-6));
        MlNetConversionTests.AssertClose(model.PredictWithTrainer(rows), engine, 1e-6);
        Assert.All(model.Ensemble.Trees, t => Assert.True(t.SumHessian[0] > 0));
        var contributions = new MlopsPortal.Trees.Explaining.TreeShapExplainer(model.Ensemble, 1, MlopsPortal.Trees.Explaining.TreeShapAlgorithm.Exact).Explain(rows[..2]);
        Assert.Equal(0, contributions[0], 1e-6);
        Assert.Equal(Math.Log(0.25 / 0.75), contributions[2], 1e-5); // all of it is the bias
    }

    [Fact]
    public void Thresholds_become_the_engines_strict_comparison_for_every_float()
    {
        var random = new Random(5);
        for (int i = 0; i < 20_000; i++)
        {
            double t = i % 4 == 0 ? (double)(float)(random.NextDouble() * 100) : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 40));
            float cond = LightGbmModelConverter.LessThanThreshold(t);
            float f = (float)t;
            foreach (var x in new[] { f, MathF.BitDecrement(f), MathF.BitIncrement(f), MathF.BitDecrement(MathF.BitDecrement(f)), MathF.BitIncrement(MathF.BitIncrement(f)) })
            {
                Assert.True((x <= t) == (x < cond), $"x {x:R} t {t:R} cond {cond:R}");
            }
        }

        Assert.Equal(float.PositiveInfinity, LightGbmModelConverter.LessThanThreshold(1e300)); // LightGBM writes +inf as 1e300
    }

    [Fact]
    public void Missing_types_map_to_the_default_direction_and_categorical_splits_are_refused()
    {
        // decision_type: bit 1 default_left, bits 2-3 missing type (0 None, 1 Zero, 2 NaN), bit 0 categorical
        static string Model(int decisionType, double threshold) => string.Join('\n',
            "tree", "version=v4", "num_class=1", "num_tree_per_iteration=1", "label_index=0", "max_feature_idx=0",
            "objective=binary sigmoid:1", "feature_names=x", "", "Tree=0", "num_leaves=2", "num_cat=0", "split_feature=0",
            "split_gain=1", $"threshold={threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", $"decision_type={decisionType}",
            "left_child=-1", "right_child=-2", "leaf_value=-0.25 0.5", "leaf_weight=3.5 1.25", "leaf_count=10 4", "internal_value=0",
            "internal_weight=0", "internal_count=14", "is_linear=0", "shrinkage=1", "", "", "end of trees", "");

        var none = LightGbmModelConverter.Convert(Model(0, -0.5), ["x"]).Trees[0]; // NaN → 0, and 0 > -0.5: right
        Assert.False(none.DefaultLeft[0]);
        Assert.Equal(4.75f, none.SumHessian[0]);
        Assert.Equal([3.5f, 1.25f], none.SumHessian[1..]);
        Assert.Equal([-0.25f, 0.5f], none.SplitConditions[1..]);
        Assert.True(LightGbmModelConverter.Convert(Model(0, 0.5), ["x"]).Trees[0].DefaultLeft[0]);
        Assert.True(LightGbmModelConverter.Convert(Model(8 | 2, 0.5), ["x"]).Trees[0].DefaultLeft[0]); // NaN, default left
        Assert.False(LightGbmModelConverter.Convert(Model(8, -0.5), ["x"]).Trees[0].DefaultLeft[0]);
        Assert.True(LightGbmModelConverter.Convert(Model(4 | 2, 1e-35f), ["x"]).Trees[0].DefaultLeft[0]); // zero as missing, consistent
        Assert.Throws<NotSupportedException>(() => LightGbmModelConverter.Convert(Model(4, 1e-35f), ["x"]));
        Assert.Throws<NotSupportedException>(() => LightGbmModelConverter.Convert(Model(1, 0), ["x"]));
    }

    private static double Auc(bool[] labels, float[] scores)
    {
        var order = Enumerable.Range(0, labels.Length).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        int i0 = 0;
        while (i0 < order.Length)
        {
            int i1 = i0;
            while (i1 + 1 < order.Length && scores[order[i1 + 1]] == scores[order[i0]])
            {
                i1++;
            }

            double rank = (i0 + i1) / 2.0 + 1;
            for (int k = i0; k <= i1; k++)
            {
                if (labels[order[k]])
                {
                    rankSum += rank;
                }
            }

            i0 = i1 + 1;
        }

        double pos = labels.Count(l => l);
        double neg = labels.Length - pos;
        return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
    }
}
