using System.Collections.Concurrent;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>The IWarehouse adapter end to end against the fake SQL API: the statements it sends and how it reads answers.</summary>
public sealed class SnowflakeWarehouseTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public sealed record LoanRow(long Id, string Name, decimal Income, DateTime Seen);

    public sealed class CountRow
    {
        public int N { get; set; }
        public string? Label { get; set; }
    }

    private static FakeResponse Ok(string handle = "h") =>
        ResultSet(handle, [Col("number of rows inserted", "FIXED")], [["1"]], stats: new { numRowsInserted = 1, numRowsUpdated = 0, numRowsDeleted = 0 });

    private static FakeResponse Catalog(string table, params (string Column, string Type, int Scale)[] columns) =>
        ResultSet("h-cat",
            [Col("TABLE_NAME", "TEXT"), Col("ROW_COUNT", "FIXED"), Col("COLUMN_NAME", "TEXT"), Col("DATA_TYPE", "TEXT"), Col("NUMERIC_SCALE", "FIXED"), Col("IS_NULLABLE", "TEXT")],
            columns.Select(c => new string?[] { table, "10", c.Column, c.Type, c.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "YES" }));

    private static (FakeSqlApiServer, SnowflakeWarehouse, HttpClient) Start(Func<FakeRequest, FakeResponse> handler, int maxBindings = 16_000)
    {
        var (server, client, http) = SnowflakeTestKit.Start(handler);
        return (server, new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions { MaxBindingsPerStatement = maxBindings }), http);
    }

    [Fact]
    public async Task Query_maps_rows_by_name_with_Dapper_rules_and_binds_named_parameters()
    {
        var (server, w, http) = Start(_ => ResultSet("h",
            [Col("ID", "FIXED"), Col("NAME", "TEXT"), Col("INCOME", "FIXED", scale: 2), Col("SEEN", "TIMESTAMP_NTZ")],
            [["7", "Cook", "85.50", "1735689600.000000000"]]));
        await using var _ = server;
        using var __ = http;

        var rows = await w.QueryAsync<LoanRow>("SELECT ID, NAME, INCOME, SEEN FROM LOANS WHERE COUNTY = $county AND ID > $min",
            new { county = "Cook", min = 1 }, Ct);

        Assert.Equal(new LoanRow(7, "Cook", 85.50m, new DateTime(2025, 1, 1)), Assert.Single(rows));
        var submit = Assert.Single(server.Submits);
        Assert.Equal("SELECT ID, NAME, INCOME, SEEN FROM LOANS WHERE COUNTY = ? AND ID > ?", submit.Statement);
        Assert.Equal("Cook", submit.Body!["bindings"]!["1"]!["value"]!.GetValue<string>());
        Assert.Equal("1", submit.Body!["bindings"]!["2"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_converts_like_Dapper_and_scalars_convert_to_the_asked_type()
    {
        var (server, w, http) = Start(r => r.Statement!.StartsWith("SELECT COUNT", StringComparison.Ordinal)
            ? ResultSet("h", [Col("COUNT(*)", "FIXED")], [["4800"]])
            : ResultSet("h", [Col("N", "FIXED"), Col("LABEL", "TEXT")], [["3", "x"], ["4", null]]));
        await using var _ = server;
        using var __ = http;

        var rows = await w.QueryAsync<CountRow>("SELECT N, LABEL FROM T", ct: Ct);
        Assert.Equal([(3, "x"), (4, null)], rows.Select(r => (r.N, r.Label)));
        Assert.Equal(4800, await w.ScalarAsync<int>("SELECT COUNT(*) FROM T", ct: Ct));
        Assert.Equal(4800L, await w.ScalarAsync<long?>("SELECT COUNT(*) FROM T", ct: Ct));
    }

    [Fact]
    public async Task Stream_reads_partition_after_partition_in_batches()
    {
        var (server, w, http) = Start(r => r.Method == "POST"
            ? ResultSet("h-s", [Col("I", "FIXED"), Col("J", "VARIANT")], [["0", "{\"a\":1}"], ["1", null]], partitions: 2, numRows: 5)
            : Partition([["2", "[1]"], ["3", null], ["4", null]]));
        await using var _ = server;
        using var __ = http;

        var batches = await w.StreamAsync("SELECT I, J FROM BIG", batchSize: 2, ct: Ct).ToListAsync(Ct);

        Assert.Equal([2, 2, 1], batches.Select(b => b.Rows.Count));
        Assert.Equal(["I", "J"], batches[0].Columns);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], batches.SelectMany(b => b.Rows).Select(r => r[0]));
        Assert.Equal("{\"a\":1}", batches[0].Rows[0][1]);
        Assert.Equal(1, server.GzipResponses);
    }

    [Fact]
    public async Task Describe_and_list_read_information_schema()
    {
        var (server, w, http) = Start(_ => Catalog("LOANS", ("ID", "NUMBER", 0), ("INCOME", "NUMBER", 2), ("COUNTY", "TEXT", 0), ("WEEK_START_DATE", "TIMESTAMP_NTZ", 0)));
        await using var _ = server;
        using var __ = http;

        var info = await w.DescribeTableAsync("loans", Ct);

        Assert.NotNull(info);
        Assert.Equal("LOANS", info.Name);
        Assert.Equal(10, info.Rows);
        Assert.Equal([Core.Warehouse.WarehouseType.Integer, Core.Warehouse.WarehouseType.Decimal, Core.Warehouse.WarehouseType.Text, Core.Warehouse.WarehouseType.Timestamp],
            info.Columns.Select(c => c.Type));
        Assert.Equal("LOANS", Assert.Single(server.Submits).Body!["bindings"]!["1"]!["value"]!.GetValue<string>());
        Assert.Single(await w.ListTablesAsync(Ct));
    }

    [Fact]
    public async Task Replace_table_stages_in_chunks_with_bindings_then_swaps()
    {
        var (server, w, http) = Start(r => r.Statement!.StartsWith("SELECT t.TABLE_NAME", StringComparison.Ordinal)
            ? Catalog(r.Body!["bindings"]!["1"]!["value"]!.GetValue<string>(), ("ID", "NUMBER", 0), ("SCORE", "FLOAT", 0))
            : Ok(), maxBindings: 4);
        await using var _ = server;
        using var __ = http;

        var rows = Enumerable.Range(1, 5).Select(i => new object?[] { (long)i, i / 10.0 }).ToAsyncEnumerable();
        var written = await w.ReplaceTableAsync("scored", rows, Ct);

        Assert.Equal(5, written);
        var sql = server.Submits.Select(s => s.Statement!).ToList();
        var staging = sql[0]["CREATE TRANSIENT TABLE \"".Length..sql[0].IndexOf("\" LIKE", StringComparison.Ordinal)];
        Assert.Matches("^SCORED__STG_[0-9A-F]{12}$", staging);
        Assert.Equal([
            $"CREATE TRANSIENT TABLE \"{staging}\" LIKE \"SCORED\"",
            SnowflakeStatements.DescribeTable(staging).Sql,
            $"INSERT INTO \"{staging}\" (\"ID\", \"SCORE\") VALUES (?, ?), (?, ?)",
            $"INSERT INTO \"{staging}\" (\"ID\", \"SCORE\") VALUES (?, ?), (?, ?)",
            $"INSERT INTO \"{staging}\" (\"ID\", \"SCORE\") VALUES (?, ?)",
            $"ALTER TABLE \"SCORED\" SWAP WITH \"{staging}\"",
            $"DROP TABLE IF EXISTS \"{staging}\"",
        ], sql);
        Assert.Equal(["5", "0.5"], new[] { "1", "2" }.Select(k => server.Submits[4].Body!["bindings"]![k]!["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_transaction_runs_ddl_at_once_and_commits_its_writes_in_one_request()
    {
        var (server, w, http) = Start(r => r.Statement!.StartsWith("SELECT t.TABLE_NAME", StringComparison.Ordinal)
            ? Catalog("OUT", ("RUN_ID", "TEXT", 0), ("P", "FLOAT", 0))
            : r.Statement.StartsWith("SELECT", StringComparison.Ordinal) ? ResultSet("h", [Col("N", "FIXED")], [["0"]]) : Ok());
        await using var _ = server;
        using var __ = http;

        var result = await w.InTransactionAsync(async s =>
        {
            await s.ExecuteAsync("CREATE TABLE IF NOT EXISTS OUT (RUN_ID VARCHAR, P FLOAT)", ct: Ct);
            var before = await s.ScalarAsync<long>("SELECT COUNT(*) FROM OUT WHERE RUN_ID = $run", new { run = "r1" }, Ct);
            Assert.Equal(-1, await s.ExecuteAsync("DELETE FROM OUT WHERE RUN_ID = $run", new { run = "r1" }, Ct));
            await s.BulkAppendAsync("out", [["r1", 0.25], ["r1", 0.75]], Ct);
            return before;
        }, Ct);

        Assert.Equal(0, result);
        var submits = server.Submits.ToList();
        var commit = submits.Single(s => s.Statement!.StartsWith("BEGIN", StringComparison.Ordinal));
        var staging = submits.Single(s => s.Statement!.StartsWith("CREATE TRANSIENT", StringComparison.Ordinal)).Statement!.Split('"')[1];
        Assert.Equal($"BEGIN TRANSACTION;\nDELETE FROM OUT WHERE RUN_ID = ?;\nINSERT INTO \"OUT\" SELECT * FROM \"{staging}\";\nCOMMIT;", commit.Statement);
        Assert.Equal("4", commit.Body!["parameters"]!["MULTI_STATEMENT_COUNT"]!.GetValue<string>());
        Assert.Equal("r1", commit.Body!["bindings"]!["1"]!["value"]!.GetValue<string>());
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS OUT", submits[0].Statement);
        Assert.Equal($"DROP TABLE IF EXISTS \"{staging}\"", submits[^1].Statement);
        Assert.True(submits.IndexOf(commit) > submits.FindIndex(s => s.Statement!.StartsWith($"INSERT INTO \"{staging}\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_transaction_commits_nothing_and_drops_its_staging_table()
    {
        var (server, w, http) = Start(r => r.Statement!.StartsWith("SELECT t.TABLE_NAME", StringComparison.Ordinal)
            ? Catalog("OUT", ("A", "NUMBER", 0))
            : Ok());
        await using var _ = server;
        using var __ = http;

        await Assert.ThrowsAsync<InvalidOperationException>(() => w.InTransactionAsync<int>(async s =>
        {
            await s.ExecuteAsync("UPDATE OUT SET A = 1", ct: Ct);
            await s.BulkAppendAsync("out", [[1L]], Ct);
            throw new InvalidOperationException("boom");
        }, Ct));

        Assert.DoesNotContain(server.Submits, s => s.Statement!.StartsWith("BEGIN", StringComparison.Ordinal) || s.Statement.StartsWith("UPDATE", StringComparison.Ordinal));
        Assert.StartsWith("DROP TABLE IF EXISTS \"OUT__STG_", server.Submits[^1].Statement);
    }

    [Fact]
    public async Task The_portal_migrations_run_against_the_fake_as_ddl_then_one_commit_of_their_history()
    {
        var (server, w, http) = Start(r => r.Statement!.StartsWith("SELECT", StringComparison.Ordinal)
            ? ResultSet("h", [Col("VERSION", "FIXED")], [])
            : Ok());
        await using var _ = server;
        using var __ = http;

        var applied = await new MigrationRunner(w, PortalMigrations.All).RunAsync(Ct);

        Assert.Equal(PortalMigrations.All.Count, applied.Count);
        var submits = server.Submits;
        Assert.Equal("CREATE TABLE IF NOT EXISTS \"_MIGRATIONS\" (\"VERSION\" NUMBER(19,0) PRIMARY KEY, \"NAME\" VARCHAR NOT NULL, \"APPLIED_AT\" TIMESTAMP_NTZ NOT NULL)",
            submits[0].Statement);
        Assert.Equal("SELECT \"VERSION\" FROM \"_MIGRATIONS\"", submits[1].Statement);
        var commit = submits[^1];
        Assert.StartsWith("BEGIN TRANSACTION;\nINSERT INTO \"_MIGRATIONS\" VALUES (?, ?, ?);", commit.Statement);
        Assert.Equal(3 * applied.Count, commit.Body!["bindings"]!.AsObject().Count);
        Assert.Equal(submits.Count - 3, applied.Count);
    }

    [Fact]
    public async Task Secrets_never_reach_the_log()
    {
        var log = new CapturingLogger<SnowflakeSqlApiClient>();
        using var key = MlopsPortal.Infrastructure.Snowflake.Auth.KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.EncryptedPem, SnowflakeTestKit.Passphrase);
        var calls = new ConcurrentQueue<int>();
        var (server, client, http) = SnowflakeTestKit.Start(r =>
        {
            calls.Enqueue(1);
            return calls.Count switch
            {
                1 => new FakeResponse(503, "{}"),
                2 => Accepted("h-1"),
                3 => ResultSet("h-1", [Col("N", "FIXED")], [["1"]]),
                _ => Failed("SQL compilation error: bad"),
            };
        }, key, log);
        await using var _ = server;
        using var __ = http;

        await client.ExecuteAsync(new SnowflakeStatement("SELECT 1"), Ct);
        await Assert.ThrowsAsync<SnowflakeStatementException>(() => client.ExecuteAsync(new SnowflakeStatement("SELECT bad"), Ct));

        Assert.NotEmpty(log.Lines);
        var all = log.All;
        Assert.NotEmpty(server.Tokens);
        Assert.All(server.Tokens.Distinct(), t => Assert.DoesNotContain(t[..40], all));
        Assert.DoesNotContain(SnowflakeTestKit.Passphrase, all);
        foreach (var line in SnowflakeTestKit.EncryptedPem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
            Assert.DoesNotContain(line, all);
        Assert.DoesNotContain("Bearer", all);
    }
}
