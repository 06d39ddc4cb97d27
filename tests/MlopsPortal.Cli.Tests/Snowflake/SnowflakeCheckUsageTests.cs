namespace MlopsPortal.Cli.Tests.Snowflake;

/// <summary><c>mlops snowflake check</c>'s command line; the check itself runs against the fake account in Web.Tests.</summary>
public sealed class SnowflakeCheckUsageTests
{
    [Fact]
    public async Task Without_the_check_subcommand_or_the_connection_it_is_a_usage_error()
    {
        var (code, _, err) = await CliRunner.Run("snowflake");
        Assert.Equal(2, code);
        Assert.Contains("snowflake check --connection NAME", err);

        (code, _, err) = await CliRunner.Run("snowflake", "check", "--connections-file", CliRunner.TempFile("connections.toml"));
        Assert.Equal(2, code);
        Assert.Contains("missing required option '--connection'", err);
    }

    [Fact]
    public async Task An_unknown_connection_is_refused_by_name_with_the_known_ones()
    {
        var toml = CliRunner.TempFile("connections.toml");
        await File.WriteAllTextAsync(toml, "[lab]\naccount = \"myorg-myacct\"\nuser = \"svc\"\n", TestContext.Current.CancellationToken);

        var (code, _, err) = await CliRunner.Run("snowflake", "check", "--connection", "prod", "--connections-file", toml);

        Assert.Equal(1, code);
        Assert.Contains("No Snowflake connection named 'prod'", err);
        Assert.Contains("lab", err);
    }
}
