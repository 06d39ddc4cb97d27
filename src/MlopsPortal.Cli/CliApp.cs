using MlopsPortal.Cli.Commands;
using MlopsPortal.Cli.Engine;

namespace MlopsPortal.Cli;

/// <summary>The <c>mlops</c> command line: a list of command groups, each in its own folder.</summary>
public static class CliApp
{
    /// <summary>Register a command group with one line here.</summary>
    public static IReadOnlyList<ICommandGroup> Groups { get; } =
    [
        new ModelCommandGroup(),
        new BenchCommandGroup(),
        new Demo.DemoCommandGroup(),
        new Portal.ModelsCommandGroup(),
        new Portal.ScoreCommandGroup(),
        new Snowflake.SnowflakeCommandGroup(),
    ];

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, stdout, stderr, http: null, cancellationToken);

    /// <param name="http">Makes the HTTP client for a portal URL (tests pass their in-process server's); null for a real one.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<Uri, HttpClient>? http,
        CancellationToken cancellationToken)
    {
        var context = new CommandContext(stdout, stderr, cancellationToken, http);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(args.Length == 0 ? stderr : stdout);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        var group = Groups.FirstOrDefault(g => string.Equals(g.Name, args[0], StringComparison.Ordinal));
        if (group is null)
        {
            await stderr.WriteLineAsync($"error: unknown command '{args[0]}'.");
            PrintUsage(stderr);
            return ExitCodes.Usage;
        }

        try
        {
            return await group.RunAsync(context, args[1..]);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            await stderr.WriteLineAsync();
            await stderr.WriteLineAsync(group.Usage);
            return ExitCodes.Usage;
        }
        catch (Portal.PortalCallException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is InputException or MlopsPortal.Trees.Reading.ModelFormatException or FileNotFoundException
            or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
    }

    private static void PrintUsage(TextWriter w)
    {
        w.WriteLine("usage: mlops <command> ...");
        w.WriteLine();
        foreach (var g in Groups)
        {
            w.WriteLine(g.Usage);
        }
    }
}
