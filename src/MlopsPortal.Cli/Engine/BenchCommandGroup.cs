using System.Diagnostics;
using System.Globalization;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Cli.Engine;

/// <summary>
/// <c>mlops bench predict|explain &lt;artifact&gt; --rows N --threads T</c>: times the engine on N generated rows
/// (standard normal values, 3% missing, fixed seed) with the model's feature count. Last line: <c>rows_per_s=&lt;number&gt;</c>.
/// </summary>
public sealed class BenchCommandGroup : ICommandGroup
{
    public string Name => "bench";

    public string Usage =>
        """
          mlops bench predict|explain <artifact> --rows N --threads T [--repeat R] [--seed S] [--data X.f32]
                times the engine on N generated rows (or the first N rows of a raw little-endian float32
                row-major matrix, NaN = missing); last line: rows_per_s=<number> (median of R runs)
        """ + "\n" + BenchTrainCommand.Usage + "\n" + BenchCopyCommand.Usage;

    public async Task<int> RunAsync(CommandContext context, string[] args)
    {
        if (args.Length > 0 && args[0] == "train")
        {
            return await BenchTrainCommand.RunAsync(context, args[1..]);
        }

        if (args.Length > 0 && args[0] == "copy")
        {
            return await BenchCopyCommand.RunAsync(context, args[1..]);
        }

        if (args.Length == 0 || args[0] is not ("predict" or "explain"))
        {
            throw new UsageException("bench needs 'predict', 'explain', 'train' or 'copy'.");
        }

        var a = new CliArguments(args[1..], ["rows", "threads", "repeat", "seed", "data"]);
        var (model, path) = ModelCommandGroup.LoadModel(a.Positional1("the model artifact"));
        int rows = a.IntOption("rows", 1_000_000);
        int threads = a.IntOption("threads", 1);
        int repeat = a.IntOption("repeat", 3);
        int seed = a.IntOption("seed", 42, min: 0);
        var x = a.Option("data") is { } data ? ReadMatrix(data, rows, model.NumFeatures) : Generate(rows, model.NumFeatures, seed);
        Action<float[]> run;
        if (args[0] == "predict")
        {
            var predictor = new Predictor(model, threads);
            var output = new float[rows];
            run = data => predictor.PredictMargins(data, output);
        }
        else
        {
            var explainer = new TreeShapExplainer(model, threads);
            var output = new float[(long)rows * explainer.Columns <= int.MaxValue ? rows * explainer.Columns : throw new UsageException("too many rows for explain.")];
            run = data => explainer.Explain(data, output);
        }

        // warm up (JIT) on a slice
        var warm = x.AsSpan(0, Math.Min(rows, 20_000) * model.NumFeatures).ToArray();
        run(warm);
        var times = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeat; r++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            run(x);
            times.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }

        times.Sort();
        double median = times[times.Count / 2];
        var inv = CultureInfo.InvariantCulture;
        await context.Out.WriteLineAsync($"model: {path} trees={model.Trees.Count} depth={model.MaxDepth} features={model.NumFeatures}");
        await context.Out.WriteLineAsync($"{args[0]}: rows={rows} threads={threads} runs={string.Join(" ", times.Select(t => t.ToString("F3", inv) + "s"))}");
        cpu.Sort();
        await context.Out.WriteLineAsync($"cpu_seconds_median={cpu[cpu.Count / 2].ToString("F3", inv)} rows_per_cpu_s={(rows / cpu[cpu.Count / 2]).ToString("F0", inv)}");
        await context.Out.WriteLineAsync($"rows_per_s={(rows / median).ToString("F0", inv)}");
        return ExitCodes.Ok;
    }

    private static float[] ReadMatrix(string path, int rows, int features)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"data file '{path}' does not exist.");
        }

        long needed = (long)rows * features * 4;
        var info = new FileInfo(path);
        if (info.Length < needed)
        {
            throw new InputException($"{path} holds {info.Length / 4 / Math.Max(1, features)} rows of {features} float32 values; {rows} were asked for.");
        }

        var x = new float[(long)rows * features];
        using var fs = File.OpenRead(path);
        fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            throw new InputException("--data needs a little-endian machine.");
        }

        return x;
    }

    internal static float[] Generate(int rows, int features, int seed)
    {
        var rng = new Random(seed);
        var x = new float[(long)rows * features];
        for (long i = 0; i < x.LongLength; i++)
        {
            if (rng.NextDouble() < 0.03)
            {
                x[i] = float.NaN;
                continue;
            }

            // Box–Muller standard normal
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            x[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return x;
    }
}
