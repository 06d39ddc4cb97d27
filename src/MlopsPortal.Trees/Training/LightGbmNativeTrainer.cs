using System.Diagnostics;
using System.Globalization;

namespace MlopsPortal.Trees.Training;

/// <summary>
/// Trains LightGBM through its C API straight from the training set's float matrix (no ML.NET data view, no ML.NET
/// wrapper) and returns the model in LightGBM's text format, which <see cref="LightGbmModelConverter"/> turns into the
/// engine's ensemble with LightGBM's own hessian sums as covers.
/// </summary>
/// <remarks>
/// The settings are the ones <see cref="EnsembleTrainer"/> gives ML.NET's LightGBM (XGBoost-like, see there):
/// binary objective with sigmoid 1, depth cap and 2^depth leaves, min_sum_hessian = min_child_weight, one row per leaf
/// allowed, L2 = 1, bagging = subsample every round, 255 bins, NaN as missing, no categorical features, no metric.
/// </remarks>
internal static class LightGbmNativeTrainer
{
    public static (string ModelText, TimeSpan FitTime) Train(LightGbmNative lightGbm, TrainingData data, TrainerParameters p)
    {
        var parameters = Parameters(p);
        var labels = new float[data.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = data.Labels[i] ? 1f : 0f;
        }

        var clock = Stopwatch.StartNew();
        IntPtr dataset = 0;
        IntPtr booster = 0;
        try
        {
            dataset = lightGbm.CreateDataset(data.Rows, labels, data.NumFeatures, parameters);
            booster = lightGbm.CreateBooster(dataset, parameters);
            for (int i = 0; i < p.NTrees; i++)
            {
                if (lightGbm.UpdateOneIteration(booster))
                {
                    break; // no leaf can split any more: LightGBM added no tree
                }
            }

            var fit = clock.Elapsed;
            return (lightGbm.SaveModelToString(booster), fit);
        }
        finally
        {
            lightGbm.FreeBooster(booster);
            lightGbm.FreeDataset(dataset);
        }
    }

    /// <summary>LightGBM's parameter string (dataset and booster get the same one, so they never disagree).</summary>
    internal static string Parameters(TrainerParameters p)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new List<string>
        {
            "objective=binary", "sigmoid=1", "boosting=gbdt",
            "num_iterations=" + p.NTrees.ToString(inv),
            "learning_rate=" + p.LearningRate.ToString("R", inv),
            "num_leaves=" + (1 << Math.Min(p.MaxDepth, 17)).ToString(inv),
            "max_depth=" + p.MaxDepth.ToString(inv),
            "min_data_in_leaf=1",
            "min_sum_hessian_in_leaf=" + p.MinChildWeight.ToString("R", inv),
            "lambda_l1=0", "lambda_l2=1", "min_gain_to_split=0",
            "bagging_fraction=" + p.Subsample.ToString("R", inv),
            "bagging_freq=" + (p.Subsample < 1 ? "1" : "0"),
            "feature_fraction=1",
            "max_bin=255", "use_missing=true", "zero_as_missing=false",
            "seed=" + p.Seed.ToString(inv),
            "verbosity=-1", "metric=None",
        };
        if (p.Threads > 0)
        {
            s.Add("num_threads=" + p.Threads.ToString(inv));
        }

        return string.Join(' ', s);
    }
}
