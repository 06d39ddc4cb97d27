using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Settings;
using MlopsPortal.Infrastructure.Tests.Jobs;
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
