using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Settings;
using Npgsql;

namespace MlopsPortal.Web.Tests.Scale;

/// <summary>
/// Two portal hosts the way a scaled deployment runs them: PostgreSQL jobs (so one shared Data Protection key ring
/// in that database) and one shared warehouse (here the same embedded file, which one process may share between
/// hosts; in production Snowflake). What one instance issues or stores, the other accepts or reads.
/// </summary>
public sealed class SeveralPortalsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_from_one_host_works_on_the_other_and_a_secret_saved_on_one_is_read_on_the_other()
    {
        await using var pg = await TempPostgres.StartOrSkipAsync();
        await using var pair = await SharedPortals.StartAsync(pg.ConnectionString);

        var tokenFromA = await pair.A.AdminClientAsync();
        var onB = pair.B.CreateClient();
        onB.DefaultRequestHeaders.Authorization = tokenFromA.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/admin/smtp", Ct)).StatusCode);
        var anonymous = pair.B.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/smtp", Ct)).StatusCode);

        var saved = await tokenFromA.PutAsJsonAsync("/api/admin/smtp",
            new { host = "smtp.example.com", port = 2525, from = "alerts@example.com", userName = "mailer", password = "Shared-Secret-7", useSsl = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var readOnB = await pair.B.Services.GetRequiredService<ProtectedSettingsStore>().GetAsync(SmtpSettingsStore.Section, Ct);
        Assert.Equal("Shared-Secret-7", readOnB[nameof(SmtpOptions.Password)]);

        // One key ring, in PostgreSQL, not a directory per instance.
        await using var connection = new NpgsqlConnection(pg.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {PostgresKeyRepository.Table}", connection);
        Assert.True((long)(await count.ExecuteScalarAsync(Ct))! >= 1);
        Assert.False(Directory.Exists(Path.Combine(pair.DataDirectory, "keys")));
    }

    [Fact]
    public async Task Twenty_concurrent_PRODUCTION_moves_split_over_both_hosts_leave_one_holder_and_twenty_distinct_audit_numbers()
    {
        await using var pg = await TempPostgres.StartOrSkipAsync();
        await using var pair = await SharedPortals.StartAsync(pg.ConnectionString);
        const string model = "SCALE_MODEL";
        var store = pair.A.Services.GetRequiredService<IRegistryStore>();
        foreach (var v in new[] { "V1", "V2" })
        {
            var spec = new FeatureSpec("A");
            await store.AddVersionAsync(new NewModelVersion(new ModelVersion(model, v, null, new JsonObject(), ModelTasks.TabularBinaryClassification,
                [spec], PreprocessingSpec.Identity([spec]), new ModelSource("Upload", "m.json", "xgboost-json", new string('a', 64), 1, "m.json"),
                "seed", DateTime.UtcNow, []), null, new Dictionary<string, string>()), Ct);
        }
        var clients = new[] { await pair.A.AdminClientAsync(), await pair.B.AdminClientAsync() };

        var started = DateTime.UtcNow;
        var moves = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            clients[i % 2].PutAsJsonAsync($"/api/models/{model}/aliases/PRODUCTION", new { version = i % 4 < 2 ? "V1" : "V2", reason = $"move {i}" }, Ct)));
        var elapsed = DateTime.UtcNow - started;
        foreach (var move in moves)
            Assert.True(move.StatusCode == HttpStatusCode.OK, $"{move.StatusCode}: {await move.Content.ReadAsStringAsync(Ct)}");

        var warehouse = pair.B.Services.GetRequiredService<IWarehouse>();
        Assert.Equal(1, await warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM PORTAL_MODEL_ALIASES WHERE MODEL_NAME = $m AND ALIAS_NAME = 'PRODUCTION'", new { m = model }, Ct));
        var audit = await pair.B.Services.GetRequiredService<IRegistryStore>().GetAuditAsync(model, Ct);
        var productionMoves = audit.Where(a => a.Alias == "PRODUCTION" && a.Reason is { } r && r.StartsWith("move ", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, productionMoves.Count);
        Assert.Equal(20, productionMoves.Select(a => a.Seq).Distinct().Count());
        Assert.Equal(audit.Count, audit.Select(a => a.Seq).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, audit.Count).Select(n => (long)n), audit.Select(a => a.Seq).Order());
        // Each move starts where the previous one (in audit order) left the alias: none was lost or applied twice.
        for (var i = 1; i < productionMoves.Count; i++)
            Assert.Equal(productionMoves[i - 1].To, productionMoves[i].From);
        TestContext.Current.TestOutputHelper?.WriteLine($"20 PRODUCTION moves over two hosts in {elapsed.TotalSeconds:F2} s");
    }
}

/// <summary>Two portals on one PostgreSQL (jobs and key ring) and one data directory (the warehouse).</summary>
internal sealed class SharedPortals : IAsyncDisposable
{
    private SharedPortals(string dataDirectory, string connectionString)
    {
        DataDirectory = dataDirectory;
        A = new SharedPortalFactory(dataDirectory, connectionString);
        B = new SharedPortalFactory(dataDirectory, connectionString);
    }

    public string DataDirectory { get; }
    public PortalFactory A { get; }
    public PortalFactory B { get; }

    public static async Task<SharedPortals> StartAsync(string connectionString)
    {
        var pair = new SharedPortals(Path.Combine(Path.GetTempPath(), "mlops-web-tests", "shared-" + Guid.NewGuid().ToString("N")), connectionString);
        _ = await pair.A.AdminClientAsync(); // A migrates the warehouse and creates the first admin...
        _ = await pair.B.AdminClientAsync(); // ...B finds both
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class SharedPortalFactory(string dataDirectory, string connectionString) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("MLOPS_DATA_DIR", dataDirectory);
            builder.UseSetting("Jobs:Storage", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Hangfire", connectionString);
        }
    }
}
