using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Core.Common;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

/// <summary>Which Snowflake account the native pages use: the portal's own, a separate connection, or none (and why).</summary>
public sealed class NativeAccountTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sf-native-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ConnectionsFile(string keyFile)
    {
        var toml = Path.Combine(_dir, "connections.toml");
        File.WriteAllText(toml, $"""
            [main]
            account = "{SnowflakeTestKit.Account}"
            user = "{SnowflakeTestKit.User}"
            warehouse = "ML_WH"
            database = "ML_DB"
            schema = "REGISTRY"
            authenticator = "SNOWFLAKE_JWT"
            private_key_file = "{keyFile}"
            host = "http://127.0.0.1:9/"
            """);
        return toml;
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        settings["MLOPS_DATA_DIR"] = Path.Combine(_dir, "data");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddWarehouseBackend();
        builder.AddSnowflakeNative();
        return builder.Build();
    }

    [Fact]
    public void On_the_Snowflake_backend_the_native_objects_are_reached_through_the_portals_own_warehouse()
    {
        using var host = Build(new()
        {
            ["Warehouse:Backend"] = "Snowflake",
            ["Snowflake:ConnectionsFile"] = ConnectionsFile(SnowflakeTestKit.KeyPath("rsa_key.p8")),
            ["Snowflake:Connection"] = "main",
        });
        var account = host.Services.GetRequiredService<SnowflakeNativeWarehouse>();
        Assert.Equal("main", account.Connection);
        Assert.Null(account.Problem);
        Assert.Same(host.Services.GetRequiredService<SnowflakeWarehouse>(), account.Warehouse);
    }

    [Fact]
    public void On_the_embedded_backend_a_named_native_connection_gets_a_warehouse_of_its_own()
    {
        using var host = Build(new()
        {
            ["Snowflake:ConnectionsFile"] = ConnectionsFile(SnowflakeTestKit.KeyPath("rsa_key.p8")),
            [SnowflakeNativeWarehouse.NativeConnectionKey] = "main",
        });
        var account = host.Services.GetRequiredService<SnowflakeNativeWarehouse>();
        Assert.Null(account.Problem);
        Assert.IsType<SnowflakeWarehouse>(account.Warehouse);
        Assert.NotEqual("snowflake", host.Services.GetRequiredService<Core.Warehouse.IWarehouse>().Dialect.Name);
    }

    [Fact]
    public void A_broken_or_missing_connection_is_explained_instead_of_stopping_the_portal()
    {
        using (var host = Build(new()
        {
            ["Snowflake:ConnectionsFile"] = ConnectionsFile(Path.Combine(_dir, "no-such-key.p8")),
            [SnowflakeNativeWarehouse.NativeConnectionKey] = "main",
        }))
        {
            var account = host.Services.GetRequiredService<SnowflakeNativeWarehouse>();
            Assert.Contains("The Snowflake connection 'main' (Snowflake:NativeConnection) cannot be used", account.Problem);
            var e = Assert.Throws<PortalValidationException>(() => account.Warehouse);
            Assert.Equal(account.Problem, e.Message);
        }

        using var none = Build(new());
        Assert.Contains(SnowflakeNativeWarehouse.NativeConnectionKey, none.Services.GetRequiredService<SnowflakeNativeWarehouse>().Problem);
    }
}
