using System.Globalization;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Core.Registry.Contracts;

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
                foreach (var m in await portal.ListModelsAsync(ct))
                    await o.WriteLineAsync($"{m.Name}\t{string.Join(", ", m.Aliases.Select(p => $"{p.Key}={p.Value}"))}");
                return ExitCodes.Ok;
            case "versions":
                foreach (var v in await portal.ListVersionsAsync(Arg(a, 1, "model"), ct))
                    await o.WriteLineAsync($"{v.Name}\t{string.Join(",", v.Aliases)}");
                return ExitCodes.Ok;
            case "audit":
                foreach (var e in await portal.AuditAsync(Arg(a, 1, "model"), ct))
                    await o.WriteLineAsync(string.Join("\t", e.Seq, e.At.ToString("O", CultureInfo.InvariantCulture), e.User, e.Action, e.Alias, e.From, e.To, e.Reason));
                return ExitCodes.Ok;
            case "set-alias":
                // --confirm: move even when the new version reads other columns (the portal answers 409 naming them otherwise).
                await portal.SetAliasAsync(Arg(a, 1, "model"), Arg(a, 2, "alias"),
                    new AliasRequest(Arg(a, 3, "version"), a.RequiredOption("reason"), a.Flag("confirm")), ct);
                await o.WriteLineAsync($"{Arg(a, 2, "alias")} is now on {Arg(a, 3, "version")}");
                return ExitCodes.Ok;
            default:
                throw new UsageException($"unknown models command '{verb}'.");
        }
    }

    private static string Arg(CliArguments a, int index, string what) =>
        a.Positional.Count > index ? a.Positional[index] : throw new UsageException($"the {what} is missing.");
}
