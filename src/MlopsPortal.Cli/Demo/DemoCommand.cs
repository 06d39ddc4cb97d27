using System.Globalization;
using System.Text;
using MlopsPortal.Core.Demo;

namespace MlopsPortal.Cli.Demo;

/// <summary>
/// <c>mlops demo generate --table INFERENCEMORTGAGEDATA|NEWTRAININGDATA [--rows N] [--seed S] [--output file.csv]</c>:
/// writes deterministic demo data with the lab's schema as CSV (streamed; without --output, to stdout).
/// </summary>
public static class DemoCommand
{
    public const string Usage =
        "usage: mlops demo generate --table INFERENCEMORTGAGEDATA|NEWTRAININGDATA [--rows N] [--seed S] [--output file.csv]";

    /// <param name="args">The arguments after <c>demo</c> (a leading <c>demo</c> is tolerated).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        if (args.Length > 0 && args[0] == "demo")
            args = args[1..];
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        if (args[0] != "generate")
            return await Fail(stderr, $"Unknown demo command '{args[0]}'.");

        string? table = null, output = null;
        long? rows = null;
        var seed = DemoDataGenerator.DefaultSeed;
        for (var i = 1; i < args.Length; i++)
        {
            var option = args[i];
            if (i + 1 >= args.Length)
                return await Fail(stderr, $"Option {option} needs a value.");
            var value = args[++i];
            switch (option)
            {
                case "--table":
                    table = value;
                    break;
                case "--rows" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var r):
                    rows = r;
                    break;
                case "--rows":
                    return await Fail(stderr, $"--rows must be a whole number of rows (0 or more), not '{value}'.");
                case "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    break;
                case "--seed":
                    return await Fail(stderr, $"--seed must be a non-negative whole number, not '{value}'.");
                case "--output" or "-o":
                    output = value;
                    break;
                default:
                    return await Fail(stderr, $"Unknown option '{option}'.");
            }
        }
        if (table is null)
            return await Fail(stderr, "--table is required.");
        DemoTable which;
        try
        {
            which = DemoSchema.Parse(table);
        }
        catch (ArgumentException e)
        {
            return await Fail(stderr, e.Message);
        }

        var data = DemoDataGenerator.Generate(which, rows, seed);
        if (output is null)
        {
            await DemoCsv.WriteAsync(stdout, data, ct);
            return 0;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        long written;
        await using (var writer = new StreamWriter(output, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
            written = await DemoCsv.WriteAsync(writer, data, ct);
        await stderr.WriteLineAsync($"wrote {written} rows of {DemoSchema.TableName(which)} (seed {seed}) to {output}");
        return 0;
    }

    private static async Task<int> Fail(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync(message);
        await stderr.WriteLineAsync(Usage);
        return 2;
    }
}
