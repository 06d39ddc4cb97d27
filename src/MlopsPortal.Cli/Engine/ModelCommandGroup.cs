using System.Globalization;
using System.Text;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Reading;
using MlopsPortal.Trees.Sql;

namespace MlopsPortal.Cli.Engine;

/// <summary><c>mlops model inspect|predict|explain|to-sql</c>: the tree engine on a model artifact.</summary>
public sealed class ModelCommandGroup : ICommandGroup
{
    public string Name => "model";

    public string Usage =>
        """
          mlops model inspect <artifact>                            format, objective, trees, depth, features
          mlops model predict <artifact> --input X.csv --output Y.csv [--threads T] [--ntree-limit best|N]
                Y: PREDICTED_SCORE (probability of class 1), PREDICTED_RESPONSE (score > 0.5 -> 1)
          mlops model explain <artifact> --input X.csv --output C.csv [--threads T] [--algorithm fast|exact] [--ntree-limit best|N]
                C: one column per model feature (same names, same order) + BIAS
                --ntree-limit best: use the first best_ntree_limit trees, as SageMaker's XGBoost serving does (default: all trees, as Booster.predict)
          mlops model to-sql <artifact> [--dialect duckdb|snowflake] [--margin]
        """;

    public async Task<int> RunAsync(CommandContext context, string[] args)
    {
        if (args.Length == 0)
        {
            throw new UsageException("missing subcommand: inspect, predict, explain or to-sql.");
        }

        var rest = args[1..];
        return args[0] switch
        {
            "inspect" => await InspectAsync(context, new CliArguments(rest, [])),
            "predict" => await PredictAsync(context, new CliArguments(rest, ["input", "output", "threads", "ntree-limit"])),
            "explain" => await ExplainAsync(context, new CliArguments(rest, ["input", "output", "threads", "algorithm", "ntree-limit"])),
            "to-sql" => await ToSqlAsync(context, new CliArguments(rest, ["dialect"], ["margin"])),
            _ => throw new UsageException($"unknown subcommand 'model {args[0]}'."),
        };
    }

    internal static (TreeEnsemble Model, string Source) LoadModel(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"model artifact '{path}' does not exist.");
        }

        try
        {
            return (ModelLoader.Load(path), path);
        }
        catch (ModelFormatException ex)
        {
            throw new InputException($"{path}: {ex.Message}");
        }
    }

    private static TreeEnsemble ApplyTreeLimit(TreeEnsemble m, CliArguments a)
    {
        string? limit = a.Option("ntree-limit");
        if (limit is null)
        {
            return m;
        }

        if (limit == "best")
        {
            return m.BestNTreeLimit is int best ? m.WithTreeLimit(best) : m;
        }

        return m.WithTreeLimit(a.IntOption("ntree-limit", m.Trees.Count));
    }

    private static async Task<int> InspectAsync(CommandContext c, CliArguments a)
    {
        var (m, path) = LoadModel(a.Positional1("the model artifact"));
        var w = c.Out;
        await w.WriteLineAsync($"artifact: {path}");
        await w.WriteLineAsync($"format: {FormatName(m.SourceFormat)}");
        await w.WriteLineAsync($"objective: {m.Objective.Name()}");
        await w.WriteLineAsync($"booster: {m.Booster}");
        await w.WriteLineAsync($"trees: {m.Trees.Count}");
        await w.WriteLineAsync($"depth: {m.MaxDepth}");
        await w.WriteLineAsync($"leaves: {m.Trees.Sum(t => t.LeafCount)}");
        await w.WriteLineAsync($"base_score: {m.BaseScore.ToString("R", CultureInfo.InvariantCulture)}");
        await w.WriteLineAsync($"best_ntree_limit: {(m.BestNTreeLimit?.ToString(CultureInfo.InvariantCulture) ?? "-")}");
        await w.WriteLineAsync($"categorical_splits: {(m.Trees.Any(t => t.HasCategoricalSplits) ? "yes" : "no")}");
        await w.WriteLineAsync($"features: {m.NumFeatures}{(m.FeatureNames is null ? " (no names in the artifact; inputs match by position)" : "")}");
        var names = m.EffectiveFeatureNames;
        for (int i = 0; i < m.NumFeatures; i++)
        {
            string type = m.FeatureTypes is not null && i < m.FeatureTypes.Count ? m.FeatureTypes[i] : "float";
            await w.WriteLineAsync($"  {i}\t{names[i]}\t{type}");
        }

        return ExitCodes.Ok;
    }

    private static string FormatName(ModelFormat f) => f switch
    {
        ModelFormat.Json => "XGBoost JSON",
        ModelFormat.UniversalBinaryJson => "XGBoost UBJSON",
        ModelFormat.LegacyBinary => "XGBoost legacy binary (1.x)",
        ModelFormat.LegacyBinaryPre10 => "XGBoost legacy binary (before 1.0)",
        _ => f.ToString(),
    };

    private static async Task<int> PredictAsync(CommandContext c, CliArguments a)
    {
        var (loaded, _) = LoadModel(a.Positional1("the model artifact"));
        var m = ApplyTreeLimit(loaded, a);
        string input = a.RequiredOption("input");
        string output = a.RequiredOption("output");
        int threads = a.IntOption("threads", Environment.ProcessorCount);
        var x = FeatureCsv.Read(input, m, out int rows);
        var predictor = new Predictor(m, threads);
        var scores = predictor.PredictProbabilities(x);
        float cut = m.Objective == Objective.BinaryLogitRaw ? 0f : 0.5f;
        var sb = new StringBuilder(rows * 16);
        sb.Append("PREDICTED_SCORE,PREDICTED_RESPONSE\n");
        foreach (float s in scores)
        {
            sb.Append(FeatureCsv.Number(s)).Append(',').Append(s > cut ? '1' : '0').Append('\n');
        }

        await File.WriteAllTextAsync(output, sb.ToString(), c.CancellationToken);
        await c.Error.WriteLineAsync($"predicted {rows} rows -> {output}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ExplainAsync(CommandContext c, CliArguments a)
    {
        var (loaded, _) = LoadModel(a.Positional1("the model artifact"));
        var m = ApplyTreeLimit(loaded, a);
        string input = a.RequiredOption("input");
        string output = a.RequiredOption("output");
        int threads = a.IntOption("threads", Environment.ProcessorCount);
        var algorithm = a.Option("algorithm") switch
        {
            null or "fast" => TreeShapAlgorithm.Fast,
            "exact" => TreeShapAlgorithm.Exact,
            var other => throw new UsageException($"--algorithm must be fast or exact, got '{other}'."),
        };
        var x = FeatureCsv.Read(input, m, out int rows);
        var explainer = new TreeShapExplainer(m, threads, algorithm);
        var phi = explainer.Explain(x);
        int cols = explainer.Columns;
        var sb = new StringBuilder(rows * cols * 12);
        sb.AppendJoin(',', explainer.ColumnNames.Select(FeatureCsv.Quote)).Append('\n');
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < cols; k++)
            {
                if (k > 0)
                {
                    sb.Append(',');
                }

                sb.Append(FeatureCsv.Number(phi[r * cols + k]));
            }

            sb.Append('\n');
        }

        await File.WriteAllTextAsync(output, sb.ToString(), c.CancellationToken);
        await c.Error.WriteLineAsync($"explained {rows} rows -> {output}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ToSqlAsync(CommandContext c, CliArguments a)
    {
        var (m, _) = LoadModel(a.Positional1("the model artifact"));
        var dialect = (a.Option("dialect") ?? "duckdb").ToLowerInvariant() switch
        {
            "duckdb" => SqlDialectKind.DuckDb,
            "snowflake" => SqlDialectKind.Snowflake,
            var other => throw new UsageException($"--dialect must be duckdb or snowflake, got '{other}'."),
        };
        string sql = a.Flag("margin") ? SqlCompiler.CompileMargin(m, dialect) : SqlCompiler.CompileProbability(m, dialect);
        await c.Out.WriteLineAsync(sql);
        return ExitCodes.Ok;
    }
}
