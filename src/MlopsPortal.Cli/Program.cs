using MlopsPortal.Cli.Demo;

// Minimal dispatch until the command-group structure lands; the lead wires the full CLI.
if (args.Length > 0 && args[0] == "demo")
    return await DemoCommand.RunAsync(args[1..], Console.Out, Console.Error);

Console.Error.WriteLine("usage: mlops demo generate --table INFERENCEMORTGAGEDATA|NEWTRAININGDATA [--rows N] [--seed S] [--output file.csv]");
return 1;
