using Microsoft.Extensions.Configuration;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Config;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

public sealed class ConnectionsConfigTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("sf-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        k => vars.FirstOrDefault(v => v.Key == k).Value;

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_directory_is_SNOWFLAKE_HOME_then_dot_snowflake_then_the_platform_config_dir()
    {
        Assert.Equal(Path.Combine(_home, ".config", "snowflake"), SnowflakeConnectionsReader.ResolveDirectory(Env(), _home));
        Directory.CreateDirectory(Path.Combine(_home, ".snowflake"));
        Assert.Equal(Path.Combine(_home, ".snowflake"), SnowflakeConnectionsReader.ResolveDirectory(Env(), _home));
        Assert.Equal("/opt/sf", SnowflakeConnectionsReader.ResolveDirectory(Env(("SNOWFLAKE_HOME", "/opt/sf")), _home));
        Assert.Equal(Path.Combine(_home, "sf"), SnowflakeConnectionsReader.ResolveDirectory(Env(("SNOWFLAKE_HOME", "~/sf")), _home));
    }

    [Fact]
    public void Connections_toml_makes_every_top_level_table_a_connection()
    {
        Write(".snowflake/connections.toml", """
            [myconn]
            account = "xy12345.us-east-2.aws"
            user = "SVC_PORTAL"
            role = "ML_ROLE"
            warehouse = "ML_WH"
            database = "ML_DB"
            schema = "REGISTRY"
            authenticator = "Snowflake_JWT"
            private_key_file = "keys/rsa_key.p8"
            private_key_file_pwd = "s3cret-pass"

            [other]
            account = "myorg-myacct"
            user = "u"
            """);
        var file = SnowflakeConnectionsReader.LoadDirectory(Path.Combine(_home, ".snowflake"), Env(), _home);

        Assert.Equal(["myconn", "other"], file.Connections.Select(c => c.Name));
        var c = file.Find("myconn")!;
        Assert.Equal(("xy12345.us-east-2.aws", "SVC_PORTAL", "ML_ROLE", "ML_WH", "ML_DB", "REGISTRY"),
            (c.Account, c.User, c.Role, c.Warehouse, c.Database, c.Schema));
        Assert.True(c.UsesKeyPair);
        Assert.Equal(Path.Combine(_home, ".snowflake", "keys", "rsa_key.p8"), c.PrivateKeyFile);
        Assert.Equal("s3cret-pass", c.PrivateKeyPassphrase);
        Assert.DoesNotContain("s3cret-pass", c.ToString());
        Assert.Equal(new Uri("https://xy12345.us-east-2.aws.snowflakecomputing.com"), c.BaseAddress);
        Assert.Equal("default", file.DefaultName);
        Assert.False(file.Find("other")!.UsesKeyPair);
    }

    [Fact]
    public void Config_toml_connections_and_default_name_are_used_and_the_environment_overrides_the_name()
    {
        Write("sf/config.toml", """
            default_connection_name = "prod"
            [connections.prod]
            account = "my_org-acct_1"
            user = "p"
            [connections.dev]
            account = "d"
            user = "d"
            """);
        var dir = Path.Combine(_home, "sf");
        var file = SnowflakeConnectionsReader.LoadDirectory(dir, Env(), _home);
        Assert.Equal(["prod", "dev"], file.Connections.Select(c => c.Name));
        Assert.Equal("prod", file.DefaultName);
        Assert.Equal(new Uri("https://my-org-acct-1.snowflakecomputing.com"), file.Find("prod")!.BaseAddress);

        Assert.Equal("dev", SnowflakeConnectionsReader.LoadDirectory(dir, Env(("SNOWFLAKE_DEFAULT_CONNECTION_NAME", "dev")), _home).DefaultName);

        Write("sf/connections.toml", "[only]\naccount = \"o\"\nuser = \"o\"\n");
        var both = SnowflakeConnectionsReader.LoadDirectory(dir, Env(), _home);
        Assert.Equal(["only"], both.Connections.Select(c => c.Name));
        Assert.Equal("prod", both.DefaultName);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_connections_file_others_can_read_is_flagged()
    {
        var path = Write(".snowflake/connections.toml", "[c]\naccount = \"a\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("chmod 0600", SnowflakeConnectionsReader.PermissionProblem(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Null(SnowflakeConnectionsReader.PermissionProblem(path));
    }

    [Fact]
    public void Malformed_toml_is_an_error_naming_the_file()
    {
        var path = Write(".snowflake/connections.toml", "[broken\naccount = ");
        var e = Assert.Throws<SnowflakeConfigurationException>(() => SnowflakeConnectionsReader.LoadDirectory(Path.GetDirectoryName(path)!, Env(), _home));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void The_repos_example_config_connections_toml_reads_as_is()
    {
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "MlopsPortal.sln")))
            repo = Path.GetDirectoryName(repo)!;
        var path = Path.Combine(repo, "config", "connections.toml");
        var file = SnowflakeConnectionsReader.LoadFile(path, Env(), _home);

        Assert.Equal(["default", "lab"], file.Connections.Select(c => c.Name));
        Assert.All(file.Connections, c => Assert.True(c.UsesKeyPair));
        Assert.Equal(Path.Combine(repo, "config", "keys", "lab_rsa_key.p8"), file.Find("lab")!.PrivateKeyFile);
        Assert.Equal(Path.Combine(_home, ".snowflake", "keys", "rsa_key.p8"), file.Find("default")!.PrivateKeyFile);
        Assert.Equal("MLOPS_PORTAL", file.Find("default")!.Schema);
    }

    [Fact]
    public void The_catalog_merges_appsettings_and_explains_what_is_unusable()
    {
        var toml = Write("conf/connections.toml", "[fromtoml]\naccount = \"a\"\nuser = \"u\"\nauthenticator = \"snowflake\"\n");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Snowflake:ConnectionsFile"] = toml,
            ["Snowflake:Connection"] = "fromsettings",
            ["Snowflake:Connections:fromsettings:Account"] = "xy12345",
            ["Snowflake:Connections:fromsettings:User"] = "svc",
            ["Snowflake:Connections:fromsettings:PrivateKeyFile"] = SnowflakeTestKit.KeyPath("rsa_key.p8"),
        }).Build();
        var catalog = new SnowflakeConnectionCatalog(config, Env(), _home);

        Assert.Equal(["fromsettings", "fromtoml"], catalog.Connections.Select(c => c.Name));
        Assert.Equal("fromsettings", catalog.Resolve(null).Name);
        Assert.Equal("appsettings", catalog.Resolve(null).Source);
        var unknown = Assert.Throws<SnowflakeConfigurationException>(() => catalog.Resolve("nope"));
        Assert.Contains("fromsettings, fromtoml", unknown.Message);
        var password = Assert.Throws<SnowflakeConfigurationException>(() => catalog.Resolve("fromtoml"));
        Assert.Contains("SNOWFLAKE_JWT", password.Message);
        Assert.Contains("private_key_file", password.Message);
    }

    [Fact]
    public void The_backend_is_embedded_by_default_configuration_wins_and_a_saved_choice_is_read_at_start()
    {
        var dataDir = Path.Combine(_home, "data");
        var empty = new ConfigurationBuilder().Build();
        Assert.Equal(WarehouseBackend.Embedded, WarehouseBackendChoice.Resolve(empty, dataDir).Backend);

        WarehouseBackendChoice.Save(dataDir, WarehouseBackend.Snowflake, "lab");
        var saved = WarehouseBackendChoice.Resolve(empty, dataDir);
        Assert.Equal((WarehouseBackend.Snowflake, "lab"), (saved.Backend, saved.Connection));

        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Warehouse:Backend"] = "embedded" }).Build();
        Assert.Equal(WarehouseBackend.Embedded, WarehouseBackendChoice.Resolve(configured, dataDir).Backend);
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Warehouse:Backend"] = "oracle" }).Build();
        Assert.Contains("oracle", Assert.Throws<SnowflakeConfigurationException>(() => WarehouseBackendChoice.Resolve(bad, dataDir)).Message);
    }
}
