using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Snowflake;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>
/// What a portal transaction means on Snowflake, stated by tests: writes are buffered and sent at commit as ONE
/// BEGIN…COMMIT request, so a read inside the transaction goes out before them and cannot see them (no
/// read-your-writes), and a buffered write's row count is unknown (-1). The registry is written for exactly that: it
/// reads everything first, numbers its audit rows itself, guards every write by the model's claimed stamp, and checks
/// after the commit whether its claim took, retrying when another instance won.
/// </summary>
public sealed class SnowflakeTransactionSemanticsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static FakeResponse Ok() => ResultSet("h-ok", [Col("status", "TEXT")], [["Statement executed successfully."]]);

    private static FakeResponse Number(long? n) => ResultSet("h-n", [Col("N", "FIXED")], [[n?.ToString(System.Globalization.CultureInfo.InvariantCulture)]]);

    [Fact]
    public async Task A_read_inside_a_transaction_is_sent_before_the_buffered_writes_and_does_not_see_them()
    {
        var (server, client, http) = SnowflakeTestKit.Start(r => r.Statement!.StartsWith("SELECT", StringComparison.Ordinal) ? Number(0) : Ok());
        await using var _ = server;
        using var __ = http;
        var warehouse = new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions());

        var (affected, seen) = await warehouse.InTransactionAsync(async s =>
        {
            var affected = await s.ExecuteAsync("INSERT INTO T (ID) VALUES ($id)", new { id = 1 }, Ct);
            var seen = await s.ScalarAsync<long>("SELECT COUNT(*) FROM T", ct: Ct);
            return (affected, seen);
        }, Ct);

        Assert.Equal(-1, affected); // buffered: Snowflake has not run it yet
        Assert.Equal(0, seen);      // the read ran against committed data, without the insert
        Assert.Equal(["SELECT COUNT(*) FROM T", "BEGIN TRANSACTION;\nINSERT INTO T (ID) VALUES (?);\nCOMMIT;"], server.Submits.Select(r => r.Statement));
    }

    /// <summary>An account holding M with PRODUCTION on V1 and CHALLENGER on V2, audit up to 7, stamp "s0".</summary>
    private sealed class RegistryAccount
    {
        public List<FakeRequest> Transactions { get; } = [];
        public Queue<bool> Landed { get; } = new();

        public FakeResponse Answer(FakeRequest r)
        {
            var sql = r.Statement!;
            if (sql.StartsWith("BEGIN TRANSACTION;", StringComparison.Ordinal))
            {
                lock (Transactions) Transactions.Add(r);
                return Ok();
            }
            if (sql.Contains("AS STAMP", StringComparison.Ordinal))
                return ResultSet("h", [Col("STAMP", "TEXT")], [["s0"]]);
            if (sql.StartsWith("SELECT * FROM \"PORTAL_MODEL_ALIASES\"", StringComparison.Ordinal))
                return ResultSet("h", [Col("MODEL_NAME", "TEXT"), Col("ALIAS_NAME", "TEXT"), Col("VERSION_NAME", "TEXT")],
                    [["M", "PRODUCTION", "V1"], ["M", "CHALLENGER", "V2"]]);
            if (sql.StartsWith("SELECT COUNT(*) FROM \"PORTAL_MODEL_VERSIONS\"", StringComparison.Ordinal))
                return Number(1);
            if (sql.StartsWith("SELECT MAX(SEQ) FROM \"PORTAL_MODEL_AUDIT\"", StringComparison.Ordinal))
                return Number(7);
            if (sql.Contains("WRITE_STAMP = ?", StringComparison.Ordinal) && sql.StartsWith("SELECT COUNT(*) FROM \"PORTAL_MODEL_AUDIT\"", StringComparison.Ordinal))
                return Number(Landed.TryDequeue(out var landed) && landed ? 1 : 0);
            return Failed($"SQL compilation error: unknown statement {sql}", "001003", "42000");
        }
    }

    private static AliasChangeRequest MoveProductionToV2 => new("M", "PRODUCTION", "V2", "ops", Role.Admin, "promote");

    [Fact]
    public async Task A_move_that_displaces_an_alias_numbers_its_two_audit_rows_itself_and_guards_every_write_by_the_claim()
    {
        var account = new RegistryAccount();
        account.Landed.Enqueue(true);
        var (server, client, http) = SnowflakeTestKit.Start(account.Answer);
        await using var _ = server;
        using var __ = http;
        var store = new WarehouseRegistryStore(new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions()));

        var change = await store.ChangeAliasAsync(MoveProductionToV2, Ct);

        Assert.Equal(("V1", "V2", "CHALLENGER", 9L), (change.From, change.To, change.Displaced, change.Audit.Seq));
        var transaction = Assert.Single(account.Transactions);
        var statements = transaction.Statement!.Split(";\n").Select(s => s.Trim()).ToList();
        Assert.Equal("BEGIN TRANSACTION", statements[0]);
        Assert.Equal("""UPDATE "PORTAL_MODELS" SET WRITE_STAMP = ? WHERE MODEL_NAME = ? AND COALESCE(WRITE_STAMP, '') = ?""", statements[1]);
        Assert.Equal("COMMIT;", statements[^1]);
        var writes = statements[2..^1];
        Assert.Equal(["DELETE", "INSERT", "UPDATE", "INSERT"], writes.Select(w => w.Split(' ')[0]));
        Assert.All(writes, w => Assert.Contains("FROM \"PORTAL_MODELS\" WHERE MODEL_NAME = ? AND WRITE_STAMP = ?", w));
        // The two audit rows: 8 (CHALLENGER unset) and 9 (PRODUCTION moved), numbered without reading back the first.
        var bindings = transaction.Body!["bindings"]!.AsObject().Select(b => b.Value!["value"]?.GetValue<string>()).ToList();
        Assert.Contains("8", bindings);
        Assert.Contains("9", bindings);
        Assert.Equal(1, server.Submits.Count(r => r.Statement!.StartsWith("SELECT MAX(SEQ)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_claim_another_instance_won_is_retried_on_fresh_reads()
    {
        var account = new RegistryAccount();
        account.Landed.Enqueue(false); // another instance claimed s0 first: this attempt's guarded writes changed nothing
        account.Landed.Enqueue(true);
        var (server, client, http) = SnowflakeTestKit.Start(account.Answer);
        await using var _ = server;
        using var __ = http;
        var store = new WarehouseRegistryStore(new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions()));

        await store.ChangeAliasAsync(MoveProductionToV2, Ct);

        Assert.Equal(2, account.Transactions.Count);
        var stamps = account.Transactions.Select(t => t.Body!["bindings"]!["1"]!["value"]!.GetValue<string>()).ToList();
        Assert.NotEqual(stamps[0], stamps[1]); // each attempt claims with a stamp of its own
        Assert.Equal(2, server.Submits.Count(r => r.Statement!.Contains("AS STAMP", StringComparison.Ordinal)));
    }
}
