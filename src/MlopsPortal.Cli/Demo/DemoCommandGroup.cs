using MlopsPortal.Cli.Commands;

namespace MlopsPortal.Cli.Demo;

/// <summary><c>mlops demo generate …</c>: the demo-story generator as a command group.</summary>
public sealed class DemoCommandGroup : ICommandGroup
{
    public string Name => "demo";

    public string Usage => "  " + DemoCommand.Usage["usage: ".Length..];

    public Task<int> RunAsync(CommandContext context, string[] args) =>
        DemoCommand.RunAsync(args, context.Out, context.Error, context.CancellationToken);
}
