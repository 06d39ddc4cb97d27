using System.Diagnostics;
using System.Globalization;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Training;

namespace MlopsPortal.Cli.Engine;

/// <summary>
/// <c>mlops bench train --train X.f32 --train-labels y.f32 --test X.f32 --test-labels y.f32 --features K</c>: trains
/// the portal's trainer (LightGBM called directly, ML.NET as the fallback; converted to the engine) on the given rows and reports wall seconds and the
/// holdout ROC AUC of the converted model; benchmarks/compare_training.py feeds it the same rows XGBoost trains on.
/// </summary>
internal static class BenchTrainCommand
{
    public const string Usage =
        """
          mlops bench train --train X.f32 --train-labels y.f32 --test X.f32 --test-labels y.f32 --features K
                [--threads T] [--trees 100] [--depth 6] [--learning-rate 0.3] [--trainer auto|lightgbm|mlnet|fasttree]
                trains on raw little-endian float32 row-major rows (NaN = missing) and 0/1 float32 labels;
                prints trainer=, fit_seconds=, total_seconds= (data view + fit + conversion), cpu_seconds= and auc= (test rows)
        """;

    public static async Task<int> RunAsync(CommandContext context, string[] args)
    {
        var a = new CliArguments(args, ["train", "train-labels", "test", "test-labels", "features", "threads", "trees", "depth", "learning-rate", "trainer"]);
        int features = a.IntOption("features", 0);
        if (features <= 0) throw new UsageException("--features K is required (the number of columns of the .f32 rows).");
        var xTrain = ReadFloats(Required(a, "train"));
        var yTrain = ReadFloats(Required(a, "train-labels"));
        var xTest = ReadFloats(Required(a, "test"));
        var yTest = ReadFloats(Required(a, "test-labels"));
        if (xTrain.Length != yTrain.Length * features || xTest.Length != yTest.Length * features)
            throw new InputException($"The rows do not match the labels with {features} features.");
        var trainer = a.Option("trainer") ?? "auto";
        var parameters = new TrainerParameters
        {
            NTrees = a.IntOption("trees", 100), MaxDepth = a.IntOption("depth", 6),
            LearningRate = double.Parse(a.Option("learning-rate") ?? "0.3", CultureInfo.InvariantCulture),
            Threads = a.IntOption("threads", 1), Seed = 42,
            Trainer = trainer switch { "lightgbm" => TrainerKind.LightGbm, "mlnet" => TrainerKind.MlNetLightGbm, "fasttree" => TrainerKind.FastTree, "auto" => TrainerKind.Auto, _ => throw new UsageException($"unknown trainer {trainer}") },
        };
        var names = Enumerable.Range(0, features).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var data = new TrainingData(xTrain, yTrain.Select(v => v == 1f).ToArray(), names);

        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var model = EnsembleTrainer.Train(data, parameters);
        var total = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var scores = new Predictor(model.Ensemble, parameters.Threads).PredictProbabilities(xTest);
        var auc = ModelEvaluation.Compute("bench", yTest.Select(v => v == 1f).ToArray(), scores).RocAuc;
        var inv = CultureInfo.InvariantCulture;
        await context.Out.WriteLineAsync($"rows={data.Count} test_rows={yTest.Length} features={features} threads={parameters.Threads} trees={model.Ensemble.Trees.Count} depth={model.Ensemble.MaxDepth}");
        await context.Out.WriteLineAsync($"trainer={model.TrainerName}{(model.FallbackReason is null ? "" : " (" + model.FallbackReason + ")")}");
        await context.Out.WriteLineAsync($"fit_seconds={model.TrainingTime.TotalSeconds.ToString("F3", inv)}");
        await context.Out.WriteLineAsync($"conversion_seconds={model.ConversionTime.TotalSeconds.ToString("F3", inv)}");
        await context.Out.WriteLineAsync($"total_seconds={total.ToString("F3", inv)}");
        await context.Out.WriteLineAsync($"cpu_seconds={cpu.ToString("F3", inv)}");
        await context.Out.WriteLineAsync($"auc={auc?.ToString("F6", inv) ?? "nan"}");
        return ExitCodes.Ok;
    }

    private static string Required(CliArguments a, string name) => a.Option(name) ?? throw new UsageException($"--{name} is required.");

    private static float[] ReadFloats(string path)
    {
        if (!File.Exists(path)) throw new InputException($"data file '{path}' does not exist.");
        var bytes = File.ReadAllBytes(path);
        var x = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, x, 0, x.Length * 4);
        return x;
    }
}
