using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Auth;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>
/// Warehouse:Backend = Snowflake composes the whole chain from configuration (connections.toml → key file → JWT → client
/// → warehouse) and the host's start applies the portal migrations over the fake SQL API, in the configured schema.
/// </summary>
public sealed class SnowflakeBackendHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sf-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_host_configured_for_Snowflake_starts_on_it_and_migrates_through_the_SQL_API()
    {
        using var key = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.EncryptedPem, SnowflakeTestKit.Passphrase);
        await using var server = new FakeSqlApiServer(SnowflakeTestKit.PublicKeyOf(key), SnowflakeTestKit.Account, SnowflakeTestKit.User,
            r => r.Statement!.StartsWith("SELECT", StringComparison.Ordinal) ? ResultSet("h", [Col("VERSION", "FIXED")], []) : ResultSet("h", [], []));
        var toml = Path.Combine(_dir, "connections.toml");
        File.WriteAllText(toml, $"""
            [fake]
            account = "{SnowflakeTestKit.Account}"
            user = "{SnowflakeTestKit.User}"
            role = "ML_ROLE"
            warehouse = "ML_WH"
            database = "ML_DB"
            schema = "PUBLIC"
            authenticator = "SNOWFLAKE_JWT"
            private_key_file = "{SnowflakeTestKit.KeyPath("rsa_key_encrypted.p8")}"
            private_key_file_pwd = "{SnowflakeTestKit.Passphrase}"
            host = "{server.BaseAddress}"
            """);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MLOPS_DATA_DIR"] = Path.Combine(_dir, "data"),
            ["Warehouse:Backend"] = "Snowflake",
            ["Snowflake:ConnectionsFile"] = toml,
            ["Snowflake:Connection"] = "fake",
            ["Snowflake:PortalSchema"] = "MLOPS_PORTAL",
        });
        builder.Services.AddLogging();
        builder.AddWarehouseBackend();
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.IsType<SnowflakeWarehouse>(host.Services.GetRequiredService<IWarehouse>());
        Assert.Empty(server.Rejections);
        var submits = server.Submits;
        Assert.All(submits, s => Assert.Equal("MLOPS_PORTAL", s.Body!["schema"]!.GetValue<string>()));
        Assert.All(submits, s => Assert.Equal("ML_WH", s.Body!["warehouse"]!.GetValue<string>()));
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS \"_MIGRATIONS\"", submits[0].Statement);
        Assert.StartsWith("BEGIN TRANSACTION;", submits[^1].Statement);
    }
}
