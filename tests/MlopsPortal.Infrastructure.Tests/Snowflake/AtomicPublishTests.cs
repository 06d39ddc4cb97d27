using System.Text.RegularExpressions;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Snowflake;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>
/// Publishing a scoring run's staging table on Snowflake, against the SQL API fake playing an account whose tables
/// hold a label for their rows: the statements sent (golden SQL), and a fault injected before each of them (the
/// request fails, as a crash or a lost connection would end the run) never leaves the output missing or half-written.
/// </summary>
public sealed partial class AtomicPublishTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private const string Output = "PREDICTIONS";
    private const string Staging = "__MLOPS_STAGING_0123";
    private static readonly Guid RunId = Guid.Parse("00000000-0000-0000-0000-000000000042");

    /// <summary>Tables by name, each with one label standing for its rows; statements as Snowflake runs them.</summary>
    private sealed class Account
    {
        public Dictionary<string, string> Tables { get; } = new() { [Output] = "old rows", [Staging] = "new rows" };
        public List<string> Statements { get; } = [];
        public int? FailAt { get; set; }

        public FakeResponse Answer(FakeRequest request)
        {
            var sql = request.Statement!;
            lock (this)
            {
                Statements.Add(sql);
                if (Statements.Count == FailAt)
                    return Failed("injected fault: the portal crashed here", "000604", "57014");
                Match m;
                if (sql.Contains("INFORMATION_SCHEMA.COLUMNS", StringComparison.Ordinal))
                {
                    var name = request.Body!["bindings"]!["1"]!["value"]!.GetValue<string>();
                    return ResultSet("h-cat",
                        [Col("TABLE_NAME", "TEXT"), Col("ROW_COUNT", "FIXED"), Col("COLUMN_NAME", "TEXT"), Col("DATA_TYPE", "TEXT"), Col("NUMERIC_SCALE", "FIXED"), Col("IS_NULLABLE", "TEXT")],
                        Tables.ContainsKey(name) ? [[name, "3", "SCORE", "FLOAT", "0", "YES"], [name, "3", "SCORING_RUN_ID", "TEXT", "0", "YES"]] : []);
                }
                if ((m = Swap().Match(sql)).Success)
                {
                    (Tables[m.Groups[1].Value], Tables[m.Groups[2].Value]) = (Tables[m.Groups[2].Value], Tables[m.Groups[1].Value]);
                    return Ok();
                }
                if ((m = Rename().Match(sql)).Success)
                {
                    Tables[m.Groups[2].Value] = Tables[m.Groups[1].Value];
                    Tables.Remove(m.Groups[1].Value);
                    return Ok();
                }
                if ((m = Drop().Match(sql)).Success)
                {
                    Tables.Remove(m.Groups[1].Value);
                    return Ok();
                }
                if (sql.StartsWith("BEGIN TRANSACTION;", StringComparison.Ordinal))
                {
                    // One request, one transaction: the append's DELETE and INSERT land together.
                    Tables[Output] = Tables[Output] + " + " + Tables[Staging];
                    return Ok();
                }
                return Failed($"SQL compilation error: unknown statement {sql}", "001003", "42000");
            }
        }

        private static FakeResponse Ok() => ResultSet("h-ok", [Col("status", "TEXT")], [["Statement executed successfully."]]);
    }

    private static async Task PublishAsync(Account account, WriteMode mode)
    {
        var (server, client, http) = SnowflakeTestKit.Start(account.Answer);
        await using var _ = server;
        using var __ = http;
        var warehouse = new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions());
        var spec = new ScoringRunSpec { Model = "M", Source = "LOANS", Output = Output, Mode = mode };
        try
        {
            await OutputPublisher.PublishAsync(warehouse, spec, Staging, RunId, Ct);
        }
        finally
        {
            // What ScoringExecutor does in its finally block, whatever happened.
            await warehouse.DropQuietlyAsync(Staging);
        }
    }

    [Fact]
    public async Task Overwrite_swaps_the_staging_table_in_with_one_statement_and_drops_the_old_rows()
    {
        var account = new Account();
        await PublishAsync(account, WriteMode.Overwrite);

        Assert.Equal("new rows", account.Tables[Output]);
        Assert.False(account.Tables.ContainsKey(Staging));
        Assert.Equal(
        [
            $"ALTER TABLE \"{Output}\" SWAP WITH \"{Staging}\"",
            $"DROP TABLE IF EXISTS \"{Staging}\"",
        ], account.Statements.Where(s => !s.Contains("INFORMATION_SCHEMA", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_new_output_is_the_staging_table_renamed_in_one_statement()
    {
        var account = new Account();
        account.Tables.Remove(Output);
        await PublishAsync(account, WriteMode.Overwrite);

        Assert.Equal("new rows", account.Tables[Output]);
        Assert.Contains($"ALTER TABLE \"{Staging}\" RENAME TO \"{Output}\"", account.Statements);
        Assert.DoesNotContain(account.Statements, s => s.StartsWith($"DROP TABLE IF EXISTS \"{Output}\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(WriteMode.Overwrite)]
    [InlineData(WriteMode.Append)]
    public async Task A_fault_before_any_publish_statement_leaves_the_old_output_whole(WriteMode mode)
    {
        var clean = new Account();
        await PublishAsync(clean, mode);
        var statements = clean.Statements.Count;
        Assert.True(statements >= 3, $"only {statements} statements");

        for (var failAt = 1; failAt <= statements; failAt++)
        {
            var account = new Account { FailAt = failAt };
            try
            {
                await PublishAsync(account, mode);
            }
            catch (Exception e) when (e is SnowflakeApiException or InvalidOperationException)
            {
                // the injected fault ends the run, as a crash would
            }
            var published = mode == WriteMode.Overwrite ? "new rows" : "old rows + new rows";
            Assert.True(account.Tables.TryGetValue(Output, out var rows) && (rows == "old rows" || rows == published),
                $"fault at statement {failAt} ({clean.Statements[failAt - 1]}) left the output as {rows ?? "missing"}");
        }
    }

    [Fact]
    public async Task Append_deletes_this_runs_rows_and_inserts_the_new_ones_in_one_transaction_request()
    {
        var account = new Account();
        await PublishAsync(account, WriteMode.Append);

        var transaction = Assert.Single(account.Statements, s => s.StartsWith("BEGIN TRANSACTION;", StringComparison.Ordinal));
        Assert.Equal(
            "BEGIN TRANSACTION;\n" +
            $"DELETE FROM \"{Output}\" WHERE SCORING_RUN_ID = ?;\n" +
            $"INSERT INTO \"{Output}\" (\"SCORE\", \"SCORING_RUN_ID\") SELECT \"SCORE\", \"SCORING_RUN_ID\" FROM \"{Staging}\";\n" +
            "COMMIT;", transaction);
    }

    [GeneratedRegex("""^ALTER TABLE "(\w+)" SWAP WITH "(\w+)"$""")]
    private static partial Regex Swap();

    [GeneratedRegex("""^ALTER TABLE "(\w+)" RENAME TO "(\w+)"$""")]
    private static partial Regex Rename();

    [GeneratedRegex("""^DROP TABLE IF EXISTS "(\w+)"$""")]
    private static partial Regex Drop();
}
