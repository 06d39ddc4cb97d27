using System.Text.Json;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Auth;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>The SQL API client against the loopback fake that checks the JWT and answers as the SQL API documents.</summary>
public sealed class SqlApiClientTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A200_result_is_decoded_by_type_and_the_request_follows_the_contract()
    {
        var (server, client, http) = SnowflakeTestKit.Start(_ => ResultSet("h-200",
            [Col("ID", "FIXED"), Col("AMOUNT", "FIXED", scale: 2, precision: 12), Col("NAME", "TEXT"), Col("TS", "TIMESTAMP_NTZ")],
            [["1", "12.50", "abc", "1616173619.123456789"], ["-2", "-0.05", null, "0.000000001"]]));
        await using var _ = server;
        using var __ = http;

        var result = await client.ExecuteAsync(new SnowflakeStatement("SELECT * FROM T WHERE A = ? AND B = ?",
            [SnowflakeBinding.From(123L), SnowflakeBinding.From("x")]), Ct);
        var rows = await client.ReadRowsAsync(result, Ct).ToListAsync(Ct);

        Assert.Equal(["ID", "AMOUNT", "NAME", "TS"], result.Columns.Select(c => c.Name));
        Assert.Equal([1L, 12.50m, "abc", new DateTime(2021, 3, 19, 17, 6, 59, DateTimeKind.Unspecified).AddTicks(1234567)], rows[0]);
        Assert.Equal([-2L, -0.05m, null, DateTime.UnixEpoch.AddTicks(0)], rows[1].Select(v => v is DateTime d ? (object)DateTime.SpecifyKind(d, DateTimeKind.Utc) : v));

        var submit = Assert.Single(server.Submits);
        Assert.True(Guid.TryParse(submit.Query["requestId"], out var _1));
        Assert.False(submit.Query.ContainsKey("retry"));
        Assert.Equal("SELECT * FROM T WHERE A = ? AND B = ?", submit.Statement);
        Assert.Equal("FIXED", submit.Body!["bindings"]!["1"]!["type"]!.GetValue<string>());
        Assert.Equal("123", submit.Body!["bindings"]!["1"]!["value"]!.GetValue<string>());
        Assert.Equal("x", submit.Body!["bindings"]!["2"]!["value"]!.GetValue<string>());
        Assert.Equal("ML_WH", submit.Body!["warehouse"]!.GetValue<string>());
        Assert.Equal("PORTAL", submit.Body!["schema"]!.GetValue<string>());
        Assert.Equal("KEYPAIR_JWT", submit.Headers["X-Snowflake-Authorization-Token-Type"]);
        Assert.StartsWith("MlopsPortal/", submit.Headers["User-Agent"]);
        Assert.Empty(server.Rejections);
    }

    [Fact]
    public async Task A202_is_polled_at_its_statementStatusUrl_until_200()
    {
        var polls = 0;
        var (server, client, http) = SnowflakeTestKit.Start(r => r.Method == "POST"
            ? Accepted("h-async")
            : ++polls < 3 ? Accepted("h-async") : ResultSet("h-async", [Col("N", "FIXED")], [["42"]]));
        await using var _ = server;
        using var __ = http;

        var result = await client.ExecuteAsync(new SnowflakeStatement("CALL SLOW()"), Ct);

        Assert.Equal("h-async", result.StatementHandle);
        Assert.Equal(42L, (await client.ReadRowsAsync(result, Ct).SingleAsync(Ct))[0]);
        var gets = server.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(3, gets.Count);
        Assert.All(gets, g => Assert.Equal("/api/v2/statements/h-async", g.Path));
        Assert.Single(server.Submits);
    }

    [Fact]
    public async Task A422_surfaces_Snowflakes_own_message_and_is_not_retried()
    {
        const string message = "SQL compilation error:\nObject 'NOPE' does not exist or not authorized.";
        var (server, client, http) = SnowflakeTestKit.Start(_ => Failed(message));
        await using var _ = server;
        using var __ = http;

        var e = await Assert.ThrowsAsync<SnowflakeStatementException>(() => client.ExecuteAsync(new SnowflakeStatement("SELECT * FROM NOPE"), Ct));

        Assert.Equal(message, e.Message);
        Assert.Equal("002003", e.Code);
        Assert.Equal("42S02", e.SqlState);
        Assert.Single(server.Submits);
    }

    [Fact]
    public async Task A429_503_and_504_are_retried_with_the_same_requestId_and_retry_true()
    {
        var answers = new Queue<FakeResponse>([
            new FakeResponse(429, "{}", Headers: new Dictionary<string, string> { ["Retry-After"] = "0" }),
            new FakeResponse(503, "{}"),
            new FakeResponse(504, "{}"),
        ]);
        var (server, client, http) = SnowflakeTestKit.Start(_ => answers.Count > 0 ? answers.Dequeue() : ResultSet("h-r", [Col("N", "FIXED")], [["1"]]));
        await using var _ = server;
        using var __ = http;

        var result = await client.ExecuteAsync(new SnowflakeStatement("INSERT INTO T VALUES (1)"), Ct);

        Assert.Equal("h-r", result.StatementHandle);
        var submits = server.Submits;
        Assert.Equal(4, submits.Count);
        Assert.Single(submits.Select(s => s.Query["requestId"]).Distinct());
        Assert.False(submits[0].Query.ContainsKey("retry"));
        Assert.All(submits.Skip(1), s => Assert.Equal("true", s.Query["retry"]));
    }

    [Fact]
    public async Task Retries_give_up_after_MaxRetries_with_the_status_named()
    {
        var (server, client, http) = SnowflakeTestKit.Start(_ => new FakeResponse(429, """{"message":"Too many requests"}"""),
            tune: o => new SnowflakeClientOptions
            {
                BaseAddress = o.BaseAddress, MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            });
        await using var _ = server;
        using var __ = http;

        var e = await Assert.ThrowsAsync<SnowflakeApiException>(() => client.ExecuteAsync(new SnowflakeStatement("SELECT 1"), Ct));

        Assert.Equal(429, e.StatusCode);
        Assert.Contains("Too many requests", e.Message);
        Assert.Equal(3, server.Submits.Count);
    }

    [Fact]
    public async Task Every_partition_is_read_in_order_and_gzip_partitions_are_decompressed()
    {
        var (server, client, http) = SnowflakeTestKit.Start(r => r.Method == "POST"
            ? ResultSet("h-p", [Col("I", "FIXED"), Col("S", "TEXT")], [["0", "p0"], ["1", "p0"]], partitions: 3, numRows: 5)
            : r.Query["partition"] switch
            {
                "1" => Partition([["2", "p1"], ["3", "p1"]]),
                "2" => Partition([["4", new string('z', 5000)]]) with { Undeclared = true },
                var p => new FakeResponse(404, $$"""{"message":"no partition {{p}}"}"""),
            });
        await using var _ = server;
        using var __ = http;

        var result = await client.ExecuteAsync(new SnowflakeStatement("SELECT I, S FROM BIG"), Ct);
        var rows = await client.ReadRowsAsync(result, Ct).ToListAsync(Ct);

        Assert.Equal(3, result.PartitionCount);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], rows.Select(r => r[0]));
        Assert.Equal(new string('z', 5000), rows[4][1]);
        Assert.Equal(2, server.GzipResponses);
        Assert.All(server.Requests.Where(r => r.Method == "GET"), g => Assert.Equal("/api/v2/statements/h-p", g.Path));
    }

    [Fact]
    public async Task A_caller_who_gives_up_cancels_the_running_statement()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // The caller gives up while the statement is running: once the client has its handle and polls
        // (a fixed delay let a loaded machine give up before the handle arrived, with nothing to cancel).
        var (server, client, http) = SnowflakeTestKit.Start(r =>
        {
            if (r.Path.EndsWith("/cancel", StringComparison.Ordinal))
                return new FakeResponse(200, """{"code":"000604","message":"Statement canceled."}""");
            if (r.Method == "GET") cts.Cancel();
            return Accepted("h-long");
        });
        await using var _ = server;
        using var __ = http;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync(new SnowflakeStatement("CALL FOREVER()"), cts.Token));

        var cancel = Assert.Single(server.Requests, r => r.Method == "POST" && r.Path == "/api/v2/statements/h-long/cancel");
        Assert.NotNull(cancel);
    }

    [Fact]
    public async Task A_statement_past_its_timeout_is_cancelled_and_reported_as_a_timeout()
    {
        var (server, client, http) = SnowflakeTestKit.Start(r => r.Path.EndsWith("/cancel", StringComparison.Ordinal)
                ? new FakeResponse(200, "{}")
                : Accepted("h-slow"),
            tune: o => new SnowflakeClientOptions
            {
                BaseAddress = o.BaseAddress, DeadlineGrace = TimeSpan.Zero, PollInitialDelay = TimeSpan.FromMilliseconds(20),
                PollMaxDelay = TimeSpan.FromMilliseconds(50),
            });
        await using var _ = server;
        using var __ = http;

        var e = await Assert.ThrowsAsync<SnowflakeTimeoutException>(() =>
            client.ExecuteAsync(new SnowflakeStatement("CALL SLOW()") { TimeoutSeconds = 3 }, Ct));

        Assert.Equal("h-slow", e.StatementHandle);
        Assert.Contains(server.Requests, r => r.Path == "/api/v2/statements/h-slow/cancel");
        Assert.Equal(3, server.Submits[0].Body!["timeout"]!.GetValue<int>());
    }

    [Fact]
    public async Task A408_is_a_timeout()
    {
        var (server, client, http) = SnowflakeTestKit.Start(_ => new FakeResponse(408, """{"message":"Statement reached its statement or warehouse timeout"}"""));
        await using var _ = server;
        using var __ = http;

        var e = await Assert.ThrowsAsync<SnowflakeTimeoutException>(() => client.ExecuteAsync(new SnowflakeStatement("SELECT 1"), Ct));
        Assert.Contains("statement or warehouse timeout", e.Message);
    }

    [Fact]
    public async Task An_encrypted_PKCS8_key_signs_tokens_the_server_verifies()
    {
        using var key = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.EncryptedPem, SnowflakeTestKit.Passphrase);
        var (server, client, http) = SnowflakeTestKit.Start(_ => ResultSet("h", [Col("U", "TEXT")], [["SVC_PORTAL"]]), key);
        await using var _ = server;
        using var __ = http;

        var result = await client.ExecuteAsync(new SnowflakeStatement("SELECT CURRENT_USER()"), Ct);

        Assert.Equal("SVC_PORTAL", result.FirstPartition[0][0]);
        Assert.Empty(server.Rejections);
    }

    [Fact]
    public async Task A_key_the_server_does_not_trust_gets_401_after_one_renewal()
    {
        using var wrong = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.EncryptedPem, SnowflakeTestKit.Passphrase);
        using var trusted = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.PlainPem, null);
        var (server, client, http) = SnowflakeTestKit.Start(_ => ResultSet("h", [], []), wrong, trusted: trusted);
        await using var _ = server;
        using var __ = http;

        var e = await Assert.ThrowsAsync<SnowflakeApiException>(() => client.ExecuteAsync(new SnowflakeStatement("SELECT 1"), Ct));

        Assert.Equal(401, e.StatusCode);
        Assert.Equal(2, server.Rejections.Count);
        Assert.All(server.Rejections, r => Assert.Contains("signature", r));
    }

    [Fact]
    public async Task Variant_object_and_array_cells_come_back_as_parsed_json()
    {
        var (server, client, http) = SnowflakeTestKit.Start(_ => ResultSet("h",
            [Col("V", "VARIANT"), Col("O", "OBJECT"), Col("A", "ARRAY")], [["1.5", """{"a":{"b":[1,2]}}""", """["x","y"]"""]]));
        await using var _ = server;
        using var __ = http;

        var row = await client.ReadRowsAsync(await client.ExecuteAsync(new SnowflakeStatement("SELECT V,O,A"), Ct), Ct).SingleAsync(Ct);

        Assert.Equal(1.5, ((JsonElement)row[0]!).GetDouble());
        Assert.Equal(2, ((JsonElement)row[1]!).GetProperty("a").GetProperty("b")[1].GetInt32());
        Assert.Equal("y", ((JsonElement)row[2]!)[1].GetString());
    }
}
