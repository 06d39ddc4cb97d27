using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MlopsPortal.Trees.Training;

/// <summary>
/// Trains a binary classifier — LightGBM called directly through its native library, or ML.NET's LightGBM wrapper /
/// FastTree where that library does not load — and converts it into the engine's ensemble.
/// </summary>
/// <remarks>
/// LightGBM gets XGBoost-like settings so results compare with XGBoost hist: depth cap and 2^depth leaves,
/// min_sum_hessian = min_child_weight, one row per leaf allowed, L2 = 1 (XGBoost's lambda), sigmoid = 1 (so the raw
/// score is the log-odds), bagging = subsample every round, 255 bins (XGBoost hist: 256), no categorical splits.
/// FastTree has no depth cap: it grows 2^depth leaves leaf-wise.
/// Called directly (<see cref="LightGbmNativeTrainer"/>), LightGBM reads the float matrix as it is and its model's
/// hessian sums become the covers; through ML.NET the rows go through a data view and the covers are counted afterwards
/// (<see cref="MlNetEnsembleConverter"/>).
/// </remarks>
public static class EnsembleTrainer
{
    public const string NativeLightGbmName = "LightGBM (native)";
    public const string MlNetLightGbmName = "ML.NET LightGBM";
    public const string FastTreeName = "ML.NET FastTree";

    /// <param name="data">The training rows.</param>
    /// <param name="parameters">The boosting parameters and the trainer.</param>
    /// <param name="coverRows">Rows to count node covers on for the ML.NET trainers (default: the training rows); the
    /// directly called LightGBM takes its covers from its own hessian sums.</param>
    public static TrainedModel Train(TrainingData data, TrainerParameters parameters, float[]? coverRows = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        if (data.Count == 0)
        {
            throw new ArgumentException("The training set has no rows.");
        }

        if (data.Labels.All(l => l) || !data.Labels.Any(l => l))
        {
            throw new ArgumentException("The training set has only one class in its label; a binary classifier needs both.");
        }

        OpenMpWaitPolicy.Apply();
        string? fallback = null;
        if (parameters.Trainer is TrainerKind.Auto or TrainerKind.LightGbm)
        {
            LightGbmNative? native = null;
            try
            {
                native = LightGbmNative.Load(parameters.NativeLibrary);
            }
            catch (Exception e) when (IsNativeLoadFailure(e))
            {
                fallback = $"LightGBM's native library ({parameters.NativeLibrary}) did not load for direct calls ({e.GetBaseException().Message}); ML.NET's LightGBM trained instead.";
                System.Diagnostics.Trace.TraceWarning(fallback);
            }

            if (native is not null)
            {
                return TrainNative(native, data, parameters);
            }
        }

        var ml = new MLContext(parameters.Seed);
        var view = MlNetData.Load(ml, data.Rows, data.Labels, data.NumFeatures);
        var attributes = new Dictionary<string, string>();
        if (parameters.Trainer != TrainerKind.FastTree)
        {
            try
            {
                var (model, time) = Fit(ml, view, LightGbm(ml, parameters));
                attributes["trainer"] = MlNetLightGbmName;
                return Converted(ml, model, data, parameters, TrainerKind.LightGbm, fallback, time, coverRows, attributes);
            }
            catch (Exception e) when (parameters.Trainer == TrainerKind.Auto && IsNativeLoadFailure(e))
            {
                fallback = (fallback is null ? "" : fallback + " ")
                    + "LightGBM's native library did not load (" + e.GetBaseException().Message + "); FastTree trained instead.";
                System.Diagnostics.Trace.TraceWarning(fallback);
            }
        }

        var (fast, fastTime) = Fit(ml, view, FastTree(ml, parameters));
        attributes["trainer"] = FastTreeName;
        return Converted(ml, fast, data, parameters, TrainerKind.FastTree, fallback, fastTime, coverRows, attributes);
    }

    private static TrainedModel TrainNative(LightGbmNative native, TrainingData data, TrainerParameters p)
    {
        var (text, fitTime) = LightGbmNativeTrainer.Train(native, data, p);
        var clock = Stopwatch.StartNew();
        var attributes = new Dictionary<string, string>
        {
            ["trainer"] = NativeLightGbmName,
            ["trainer_params"] = System.Text.Json.JsonSerializer.Serialize(p with { Trainer = TrainerKind.LightGbm }),
        };
        var ensemble = LightGbmModelConverter.Convert(text, data.FeatureNames, attributes);
        int nf = data.NumFeatures;
        int threads = p.Threads;
        return new TrainedModel(
            rows => Array.ConvertAll(native.Predict(text, rows, nf, rawScore: false, threads), v => (float)v),
            ensemble, TrainerKind.LightGbm, NativeLightGbmName, null, fitTime, clock.Elapsed);
    }

    private static LightGbmBinaryTrainer LightGbm(MLContext ml, TrainerParameters p) =>
        ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = p.NTrees,
            LearningRate = p.LearningRate,
            NumberOfLeaves = 1 << Math.Min(p.MaxDepth, 17),
            MinimumExampleCountPerLeaf = 1,
            MaximumBinCountPerFeature = 255,
            UseCategoricalSplit = false,
            HandleMissingValue = true,
            UseZeroAsMissingValue = false,
            Sigmoid = 1.0,
            Seed = p.Seed,
            NumberOfThreads = p.Threads > 0 ? p.Threads : null,
            Verbose = false,
            Silent = true,
            Booster = new GradientBooster.Options
            {
                MaximumTreeDepth = p.MaxDepth,
                MinimumChildWeight = p.MinChildWeight,
                L2Regularization = 1.0,
                SubsampleFraction = p.Subsample,
                SubsampleFrequency = p.Subsample < 1 ? 1 : 0,
            },
        });

    private static FastTreeBinaryTrainer FastTree(MLContext ml, TrainerParameters p) =>
        ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = p.NTrees,
            NumberOfLeaves = 1 << Math.Min(p.MaxDepth, 17),
            LearningRate = p.LearningRate,
            MinimumExampleCountPerLeaf = 1,
            BaggingSize = p.Subsample < 1 ? 1 : 0,
            BaggingExampleFraction = p.Subsample,
            NumberOfThreads = p.Threads > 0 ? p.Threads : null,
            Seed = p.Seed,
        });

    private static (ITransformer Model, TimeSpan Time) Fit(MLContext ml, IDataView view, IEstimator<ITransformer> trainer)
    {
        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(view);
        return (model, clock.Elapsed);
    }

    private static TrainedModel Converted(
        MLContext ml, ITransformer transformer, TrainingData data, TrainerParameters p, TrainerKind kind, string? fallback,
        TimeSpan time, float[]? coverRows, Dictionary<string, string> attributes)
    {
        var (trees, calibrator) = transformer switch
        {
            BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> l =>
                (l.Model.SubModel.TrainedTreeEnsemble, l.Model.Calibrator),
            BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> f =>
                (f.Model.SubModel.TrainedTreeEnsemble, f.Model.Calibrator),
            _ => throw new NotSupportedException($"Unexpected ML.NET model {transformer.GetType().Name}: expected a Platt-calibrated tree ensemble."),
        };
        attributes["trainer_params"] = System.Text.Json.JsonSerializer.Serialize(p with { Trainer = kind });
        if (fallback is not null)
        {
            attributes["trainer_fallback"] = fallback;
        }

        var clock = Stopwatch.StartNew();
        var ensemble = MlNetEnsembleConverter.Convert(trees, calibrator.Slope, calibrator.Offset, data.FeatureNames, coverRows ?? data.Rows, attributes, p.Threads);
        return new TrainedModel(ml, transformer, ensemble, kind, kind == TrainerKind.FastTree ? FastTreeName : MlNetLightGbmName, fallback, time, clock.Elapsed);
    }

    private static bool IsNativeLoadFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
            {
                return true;
            }
        }

        return false;
    }
}
