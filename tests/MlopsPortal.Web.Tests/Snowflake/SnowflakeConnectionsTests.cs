using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Config;
using MlopsPortal.Web.Components.Pages.Admin;
using MudBlazor.Services;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Snowflake;

/// <summary>
/// The admin page's Snowflake panel over the real admin service, catalog and SQL API client; a loopback listener plays
/// Snowflake for "test connection" (the JWT checks themselves are tested in the Infrastructure tests).
/// </summary>
public sealed class SnowflakeConnectionsTests : BunitContext
{

    private readonly string _dir = Directory.CreateTempSubdirectory("sf-admin-").FullName;
    private readonly HttpListener _listener = new();

    public SnowflakeConnectionsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected override void Dispose(bool disposing)
    {
        if (_listener.IsListening)
            _listener.Close();
        Directory.Delete(_dir, recursive: true);
        base.Dispose(disposing);
    }

    private string StartFakeSnowflake()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                var ok = ctx.Request.Headers["Authorization"]?.StartsWith("Bearer ", StringComparison.Ordinal) == true;
                var body = ok
                    ? """{"statementHandle":"h","resultSetMetaData":{"rowType":[{"name":"USER_NAME","type":"text"},{"name":"ROLE_NAME","type":"text"},{"name":"WAREHOUSE_NAME","type":"text"}],"partitionInfo":[{}]},"data":[["SVC_PORTAL","ML_ROLE","ML_WH"]]}"""
                    : """{"message":"no token"}""";
                var bytes = Encoding.UTF8.GetBytes(body);
                ctx.Response.StatusCode = ok ? 200 : 401;
                ctx.Response.ContentType = "application/json";
                ctx.Response.OutputStream.Write(bytes);
                ctx.Response.Close();
            }
        });
        return prefix;
    }

    private IRenderedComponent<SnowflakeConnections> RenderPanel(string host)
    {
        var keyFile = Path.Combine(_dir, "rsa_key.p8");
        using (var rsa = RSA.Create(2048))
            File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Snowflake:ConnectionsFile"] = WriteToml(),
            ["Snowflake:Connections:good:Account"] = "myorg-myacct",
            ["Snowflake:Connections:good:User"] = "svc_portal",
            ["Snowflake:Connections:good:PrivateKeyFile"] = keyFile,
            ["Snowflake:Connections:good:Host"] = host,
        }).Build();
        var catalog = new SnowflakeConnectionCatalog(config, _ => null, _dir);
        var running = new WarehouseBackendChoice(WarehouseBackend.Embedded, null, "default");
        Services.AddSingleton(new SnowflakeAdminService(catalog, new SnowflakeClientFactory(config, NullLoggerFactory.Instance), running, new TestUser("root", Role.Admin), _dir));
        return Render<SnowflakeConnections>();
    }

    private string WriteToml()
    {
        var path = Path.Combine(_dir, "connections.toml");
        File.WriteAllText(path, "[bad]\naccount = \"x\"\nuser = \"y\"\nauthenticator = \"snowflake\"\n");
        return path;
    }

    [Fact]
    public void Connections_are_listed_and_test_connection_shows_user_role_and_warehouse_or_the_problem()
    {
        var panel = RenderPanel(StartFakeSnowflake());

        Assert.Equal(["bad", "good"], panel.FindAll("[data-testid=connection-name]").Select(e => e.TextContent.Trim()));
        Assert.Contains("SNOWFLAKE_JWT", panel.Find("[data-testid=connection-problem]").TextContent);
        Assert.Contains("Embedded", panel.Find("[data-testid=backend-running]").TextContent);

        var buttons = panel.FindAll("[data-testid=test-connection]");
        buttons[1].Click();
        panel.WaitForAssertion(() => Assert.Equal("OK: user SVC_PORTAL, role ML_ROLE, warehouse ML_WH",
            panel.Find("[data-testid=test-result]").TextContent.Trim()), TimeSpan.FromSeconds(20));

        panel.FindAll("[data-testid=test-connection]")[0].Click();
        panel.WaitForAssertion(() => Assert.Contains(panel.FindAll("[data-testid=test-result]"),
            r => r.TextContent.Contains("not usable", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Saving_the_backend_stores_it_for_the_next_start_and_says_a_restart_is_needed()
    {
        WarehouseBackendChoice.Save(_dir, WarehouseBackend.Snowflake, "good");
        var panel = RenderPanel("http://127.0.0.1:9/");

        panel.Find("[data-testid=save-backend]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Restart the portal", panel.Find("[data-testid=restart-needed]").TextContent));
        Assert.Contains("Snowflake (connection good)", panel.Find("[data-testid=restart-needed]").TextContent);
        var saved = WarehouseBackendChoice.Load(_dir)!;
        Assert.Equal((WarehouseBackend.Snowflake, "good"), (saved.Backend, saved.Connection));
    }
}
