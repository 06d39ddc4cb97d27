using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Training;

namespace MlopsPortal.Trees.Tests.Training;

/// <summary>The converted ensemble must predict what the trainer itself predicts: LightGBM called directly, ML.NET LightGBM, FastTree.</summary>
public sealed class MlNetConversionTests
{
    private static readonly TrainingData Train = SyntheticLoans.Make(3000, 1);
    private static readonly TrainingData Holdout = SyntheticLoans.Make(1000, 2);
    private static readonly TrainerParameters Params = new() { NTrees = 30, MaxDepth = 5, LearningRate = 0.3, Threads = 1 };

    public static TheoryData<TrainerKind> Trainers() => new(TrainerKind.LightGbm, TrainerKind.MlNetLightGbm, TrainerKind.FastTree);

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Converted_ensemble_predicts_mlnet_probabilities_on_held_out_rows_with_missing_values(TrainerKind kind)
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = kind });
        Assert.Equal(kind switch { TrainerKind.LightGbm => EnsembleTrainer.NativeLightGbmName, TrainerKind.MlNetLightGbm => EnsembleTrainer.MlNetLightGbmName, _ => EnsembleTrainer.FastTreeName }, model.TrainerName);
        Assert.Equal(kind == TrainerKind.FastTree ? TrainerKind.FastTree : TrainerKind.LightGbm, model.Trainer);
        Assert.True(Holdout.Rows.Any(float.IsNaN), "the held-out rows must include missing values");

        var expected = model.PredictWithTrainer(Holdout.Rows);
        var actual = new Predictor(model.Ensemble).PredictProbabilities(Holdout.Rows);
        AssertClose(expected, actual, Tolerance(kind));
        Assert.True(model.Ensemble.Trees.Count >= Params.NTrees - 1);
        Assert.True(model.Ensemble.MaxDepth <= (kind == TrainerKind.FastTree ? 31 : Params.MaxDepth));
        Assert.InRange(expected.Distinct().Count(), 50, int.MaxValue); // a real model, not a constant
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Values_exactly_at_the_thresholds_go_the_way_mlnet_sends_them(TrainerKind kind)
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = kind });
        // each held-out row gets, in the split's column, ML.NET's own threshold (x ≤ t: left) or the float just above it
        var rows = (float[])Holdout.Rows.Clone();
        int nf = Holdout.NumFeatures;
        var splits = model.Ensemble.Trees
            .SelectMany(t => Enumerable.Range(0, t.NodeCount).Where(n => !t.IsLeaf(n)).Select(n => (t.SplitIndices[n], t.SplitConditions[n])))
            .ToArray();
        for (int r = 0; r < Holdout.Count; r++)
        {
            var (feature, cond) = splits[r % splits.Length];
            float mlThreshold = MathF.BitDecrement(cond);
            rows[r * nf + feature] = r % 2 == 0 ? mlThreshold : cond;
        }

        AssertClose(model.PredictWithTrainer(rows), new Predictor(model.Ensemble).PredictProbabilities(rows), Tolerance(kind));
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.MlNetLightGbm)]
    public void Treeshap_contributions_of_the_converted_model_sum_to_its_margin(TrainerKind kind)
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = kind });
        var margins = new Predictor(model.Ensemble).PredictMargins(Holdout.Rows);
        foreach (var algorithm in new[] { TreeShapAlgorithm.Exact, TreeShapAlgorithm.Fast })
        {
            var contributions = new TreeShapExplainer(model.Ensemble, 1, algorithm).Explain(Holdout.Rows);
            int cols = Holdout.NumFeatures + 1;
            for (int r = 0; r < Holdout.Count; r++)
            {
                double sum = 0;
                for (int k = 0; k < cols; k++)
                {
                    sum += contributions[r * cols + k];
                }

                Assert.True(Math.Abs(sum - margins[r]) <= 1e-4 * Math.Max(1, Math.Abs(margins[r])), $"{algorithm} row {r}: Σ contributions {sum} vs margin {margins[r]}");
            }
        }
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm, EnsembleTrainer.NativeLightGbmName)]
    [InlineData(TrainerKind.MlNetLightGbm, EnsembleTrainer.MlNetLightGbmName)]
    public void Converted_model_carries_feature_names_trainer_and_a_plain_base_score(TrainerKind kind, string name)
    {
        var model = EnsembleTrainer.Train(Train, Params with { Trainer = kind });
        Assert.Equal(SyntheticLoans.Names, model.Ensemble.FeatureNames);
        Assert.Equal(Objective.BinaryLogistic, model.Ensemble.Objective);
        Assert.Equal(0f, model.Ensemble.Margin0);
        Assert.Equal(name, model.Ensemble.Attributes["trainer"]);
        Assert.Null(model.FallbackReason);
    }

    [Fact]
    public void Bad_parameters_and_one_class_labels_are_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => EnsembleTrainer.Train(Train, Params with { MaxDepth = 0 }));
        Assert.Contains("maxDepth", e.Message);
        var oneClass = new TrainingData(Train.Rows, new bool[Train.Count], Train.FeatureNames);
        e = Assert.Throws<ArgumentException>(() => EnsembleTrainer.Train(oneClass, Params));
        Assert.Contains("one class", e.Message);
    }

    /// <summary>
    /// ML.NET sums the trees in float like the engine; LightGBM sums them in double, so its probability can differ by
    /// the float rounding of a margin summed over the trees.
    /// </summary>
    internal static double Tolerance(TrainerKind kind) => kind == TrainerKind.LightGbm ? 2e-6 : 1e-6;

    internal static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs((double)expected[i] - actual[i]);
            if (!(d <= worst))
            {
                worst = d;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"largest difference {worst:E3} at row {at}: ML.NET {(at >= 0 ? expected[at] : 0)} vs converted {(at >= 0 ? actual[at] : 0)}");
    }
}
