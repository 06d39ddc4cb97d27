using System.Text.Json;
using MlopsPortal.Cli.Commands;

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
        var body = new
        {
            model = a.RequiredOption("model"),
            version = a.Option("version"),
            alias = a.Option("alias"),
            source = a.RequiredOption("source"),
            output = a.RequiredOption("output"),
            mode = a.Option("mode") ?? "overwrite",
            execution = a.Option("execution"),
            filter = ParseWhere(a.Option("where")),
        };
        var portal = await PortalClient.ConnectAsync(a, context);
        var run = await portal.PostAsync("/api/scoring/runs", body, context.CancellationToken);
        var id = run.GetProperty("id").GetString();
        await context.Out.WriteLineAsync($"run {id} queued");
        if (!a.Flag("wait")) return ExitCodes.Ok;

        while (true)
        {
            run = await portal.GetAsync($"/api/scoring/runs/{id}", context.CancellationToken);
            var status = run.GetProperty("status").GetString();
            if (status is "Succeeded" or "Failed" or "Cancelled")
            {
                var rows = run.GetProperty("rows").ValueKind == JsonValueKind.Number ? run.GetProperty("rows").GetInt64() : 0;
                await context.Out.WriteLineAsync($"run {id} {status.ToLowerInvariant()}: {rows} rows with {run.GetProperty("versionUsed").GetString()}" +
                    (run.GetProperty("error").GetString() is { } e ? $" ({e})" : ""));
                return status == "Succeeded" ? ExitCodes.Ok : ExitCodes.BadInput;
            }
            await Task.Delay(500, context.CancellationToken);
        }
    }

    /// <summary>"WEEK=5;LOAN_ID>3" → structured conditions; the portal binds the values.</summary>
    internal static List<object> ParseWhere(string? where)
    {
        var conditions = new List<object>();
        foreach (var part in (where ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var op = Operators.FirstOrDefault(o => part.Contains(o, StringComparison.Ordinal))
                ?? throw new UsageException($"the condition '{part}' has no operator (one of {string.Join(" ", Operators)}).");
            var at = part.IndexOf(op, StringComparison.Ordinal);
            conditions.Add(new { column = part[..at].Trim(), op, value = part[(at + op.Length)..].Trim() });
        }
        return conditions;
    }
}
