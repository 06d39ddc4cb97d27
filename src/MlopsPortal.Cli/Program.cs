using MlopsPortal.Cli;

return await CliApp.RunAsync(args, Console.Out, Console.Error);
