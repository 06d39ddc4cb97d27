using System.Text.Json;
using MlopsPortal.Cli.Commands;

namespace MlopsPortal.Cli.Portal;

/// <summary><c>mlops models …</c>: the registry of a running portal, read and promoted through its REST API.</summary>
public sealed class ModelsCommandGroup : ICommandGroup
{
    public string Name => "models";

    public string Usage =>
        "  models list | versions <model> | audit <model> | set-alias <model> <alias> <version> --reason R [--confirm]   [--url U] [--token T | --user U --password P]";

    public async Task<int> RunAsync(CommandContext context, string[] args)
    {
        var a = new CliArguments(args, ["reason", .. PortalClient.Options], ["confirm"]);
        var verb = a.Positional.FirstOrDefault() ?? throw new UsageException("say what to do: list, versions, audit or set-alias.");
        var portal = await PortalClient.ConnectAsync(a, context);
        var ct = context.CancellationToken;
        var o = context.Out;
        switch (verb)
        {
            case "list":
                foreach (var m in (await portal.GetAsync("/api/models", ct)).EnumerateArray())
                    await o.WriteLineAsync($"{m.GetProperty("name").GetString()}\t{Aliases(m.GetProperty("aliases"))}");
                return ExitCodes.Ok;
            case "versions":
                foreach (var v in (await portal.GetAsync($"/api/models/{Arg(a, 1, "model")}/versions", ct)).EnumerateArray())
                    await o.WriteLineAsync($"{v.GetProperty("name").GetString()}\t{string.Join(",", v.GetProperty("aliases").EnumerateArray().Select(x => x.GetString()))}");
                return ExitCodes.Ok;
            case "audit":
                foreach (var e in (await portal.GetAsync($"/api/models/{Arg(a, 1, "model")}/audit", ct)).EnumerateArray())
                    await o.WriteLineAsync(string.Join("\t", e.EnumerateObject().Select(p => p.Value.ToString())));
                return ExitCodes.Ok;
            case "set-alias":
                // --confirm: move even when the new version reads other columns (the portal answers 409 naming them otherwise).
                await portal.PutAsync($"/api/models/{Arg(a, 1, "model")}/aliases/{Arg(a, 2, "alias")}",
                    new { version = Arg(a, 3, "version"), reason = a.RequiredOption("reason"), confirm = a.Flag("confirm") }, ct);
                await o.WriteLineAsync($"{Arg(a, 2, "alias")} is now on {Arg(a, 3, "version")}");
                return ExitCodes.Ok;
            default:
                throw new UsageException($"unknown models command '{verb}'.");
        }
    }

    private static string Arg(CliArguments a, int index, string what) =>
        a.Positional.Count > index ? a.Positional[index] : throw new UsageException($"the {what} is missing.");

    private static string Aliases(JsonElement aliases) =>
        string.Join(", ", aliases.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
}
