namespace MlopsPortal.Cli.Commands;

/// <summary>A top-level command (<c>mlops &lt;Name&gt; ...</c>). Add one to <see cref="CliApp.Groups"/> to register it.</summary>
public interface ICommandGroup
{
    /// <summary>The first word on the command line, e.g. <c>model</c>.</summary>
    string Name { get; }

    /// <summary>Usage lines shown by <c>mlops --help</c> and on bad usage.</summary>
    string Usage { get; }

    /// <summary>Runs the group with the arguments after its name. Throw <see cref="UsageException"/> or <see cref="InputException"/> for errors.</summary>
    Task<int> RunAsync(CommandContext context, string[] args);
}

/// <summary>What a command may use: its output streams and cancellation.</summary>
/// <param name="Http">How REST commands reach the portal; tests hand in an in-memory portal's client.</param>
public sealed record CommandContext(TextWriter Out, TextWriter Error, CancellationToken CancellationToken, Func<Uri, HttpClient>? Http = null);

public static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
}

/// <summary>Bad command line (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Bad input data: file, CSV, model (exit code 1).</summary>
public sealed class InputException(string message) : Exception(message);
