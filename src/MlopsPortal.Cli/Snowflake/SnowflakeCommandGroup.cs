using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Config;

namespace MlopsPortal.Cli.Snowflake;

/// <summary><c>mlops snowflake check --connection NAME</c>: the lab end to end against a live account (see <see cref="SnowflakeCheck"/>).</summary>
public sealed class SnowflakeCommandGroup : ICommandGroup
{
    public string Name => "snowflake";

    public string Usage =>
        "  snowflake check --connection NAME [--connections-file connections.toml] [--data Mortgage_Data.csv] [--rows 1000]\n" +
        "                  [--model-dir DIR with model.tar.gz and feature_names.txt] [--native-model NAME]\n" +
        "      runs the lab against a live account in a scratch schema it creates and drops; exits 1 on the first failure";

    public async Task<int> RunAsync(CommandContext context, string[] args)
    {
        if (args.Length == 0 || args[0] != "check")
            throw new UsageException("snowflake takes one subcommand: check.");
        var a = new CliArguments(args[1..], ["connection", "connections-file", "data", "rows", "model-dir", "native-model"]);
        if (a.Positional.Count > 0)
            throw new UsageException($"unexpected argument '{a.Positional[0]}'.");
        var name = a.RequiredOption("connection");
        var settings = new Dictionary<string, string?>();
        if (a.Option("connections-file") is { } file)
            settings[$"{SnowflakeConnectionCatalog.Section}:ConnectionsFile"] = file;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        SnowflakeConnection connection;
        try
        {
            connection = new SnowflakeConnectionCatalog(configuration).Resolve(name);
        }
        catch (SnowflakeConfigurationException e)
        {
            throw new InputException(e.Message);
        }
        var options = new CheckOptions(
            a.Option("data") ?? "Mortgage_Data.csv",
            a.Option("model-dir") ?? Path.Combine(AppContext.BaseDirectory, "demo", "sagemaker"),
            a.IntOption("rows", 1000))
        {
            NativeModel = a.Option("native-model") ?? "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL",
        };
        var check = new SnowflakeCheck(connection, new SnowflakeClientFactory(configuration, NullLoggerFactory.Instance), context.Out, options);
        return await check.RunAsync(context.CancellationToken) ? ExitCodes.Ok : ExitCodes.BadInput;
    }
}
