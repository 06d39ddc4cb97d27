using MlopsPortal.Cli.Commands;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Scoring.Contracts;

namespace MlopsPortal.Cli.Portal;

/// <summary><c>mlops score …</c>: starts a scoring run on a running portal and, with --wait, follows it to the end.</summary>
public sealed class ScoreCommandGroup : ICommandGroup
{
    private static readonly string[] Operators = [">=", "<=", "!=", "=", "<", ">"];

    public string Name => "score";

    public string Usage =>
        "  score --model M (--version V | --alias A) --source TABLE --output TABLE [--mode overwrite|append|replace]\n" +
        "        [--where \"WEEK=5;LOAN_ID>3\"] [--execution warehouse|streamed] [--wait] [--url U] [--token T | --user U --password P]";

    public async Task<int> RunAsync(CommandContext context, string[] args)
    {
        var a = new CliArguments(args, ["model", "version", "alias", "source", "output", "mode", "where", "execution", .. PortalClient.Options], ["wait"]);
        var body = new ScoringRunRequest(
            Model: a.RequiredOption("model"), Version: a.Option("version"), Alias: a.Option("alias"), Source: a.RequiredOption("source"),
            Filter: ParseWhere(a.Option("where")), Output: a.RequiredOption("output"), Mode: a.Option("mode") ?? "overwrite",
            Execution: a.Option("execution"), KeepColumns: null, Threshold: null, ScoreColumn: null, ClassColumn: null);
        var portal = await PortalClient.ConnectAsync(a, context);
        var run = await portal.StartScoringRunAsync(body, context.CancellationToken);
        var id = run.Id;
        await context.Out.WriteLineAsync($"run {id} queued");
        if (!a.Flag("wait")) return ExitCodes.Ok;

        while (true)
        {
            run = await portal.GetScoringRunAsync(id, context.CancellationToken);
            var status = run.Status;
            if (status is "Succeeded" or "Failed" or "Cancelled")
            {
                await context.Out.WriteLineAsync($"run {id} {status.ToLowerInvariant()}: {run.Rows ?? 0} rows with {run.VersionUsed}" +
                    (run.Error is { } e ? $" ({e})" : ""));
                return status == "Succeeded" ? ExitCodes.Ok : ExitCodes.BadInput;
            }
            await Task.Delay(500, context.CancellationToken);
        }
    }

    /// <summary>"WEEK=5;LOAN_ID>3" → structured conditions; the portal binds the values.</summary>
    internal static List<FilterCondition> ParseWhere(string? where)
    {
        var conditions = new List<FilterCondition>();
        foreach (var part in (where ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var op = Operators.FirstOrDefault(o => part.Contains(o, StringComparison.Ordinal))
                ?? throw new UsageException($"the condition '{part}' has no operator (one of {string.Join(" ", Operators)}).");
            var at = part.IndexOf(op, StringComparison.Ordinal);
            conditions.Add(new FilterCondition(part[..at].Trim(), op, part[(at + op.Length)..].Trim()));
        }
        return conditions;
    }
}
