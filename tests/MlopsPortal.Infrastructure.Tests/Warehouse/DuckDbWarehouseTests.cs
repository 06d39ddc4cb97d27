using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Tests.Warehouse;

public sealed class DuckDbWarehouseTests : IDisposable
{
    private readonly TempWarehouse _temp = new();
    private DuckDbWarehouse W => _temp.Warehouse;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    private async Task CreateLoansAsync() =>
        await W.ExecuteAsync("""
            CREATE TABLE LOANS (ID BIGINT, INCOME DOUBLE, AMOUNT DECIMAL(18,4), COUNTY VARCHAR,
                                WEEK_START TIMESTAMP, DAY DATE, OK BOOLEAN)
            """, ct: Ct);

    [Fact]
    public async Task Creates_the_file_under_the_data_directory_and_answers_ping()
    {
        Assert.True(await W.PingAsync(Ct));
        Assert.Equal(Path.Combine(_temp.Directory, "warehouse.duckdb"), W.FilePath);
        Assert.True(File.Exists(W.FilePath));
    }

    [Fact]
    public async Task Applies_the_memory_limit_threads_and_spill_directory_to_every_connection()
    {
        string Setting(DuckDB.NET.Data.DuckDBConnection c, string name)
        {
            using var command = c.CreateCommand();
            command.CommandText = $"SELECT CAST(current_setting('{name}') AS VARCHAR)";
            return (string)command.ExecuteScalar()!;
        }
        // DuckDB prints sizes its own way ("122.0 MiB"): compare with what it prints for the same values set by hand.
        using var reference = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        reference.Open();
        var defaultLimit = Setting(reference, "memory_limit");
        using (var set = reference.CreateCommand())
        {
            set.CommandText = $"SET memory_limit = '{EmbeddedWarehouseOptions.DefaultMemoryLimit}'";
            set.ExecuteNonQuery();
        }

        async Task<string> Get(string name) => (await W.ScalarAsync<string>($"SELECT CAST(current_setting('{name}') AS VARCHAR)", ct: Ct))!;
        Assert.Equal(Setting(reference, "memory_limit"), await Get("memory_limit"));
        Assert.NotEqual(defaultLimit, await Get("memory_limit"));
        Assert.Equal(Math.Min(2, Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture), await Get("threads"));
        Assert.Equal(Path.Combine(_temp.Directory, "duckdb-tmp"), await Get("temp_directory"));
    }

    [Fact]
    public async Task Binds_dollar_parameters_from_anonymous_objects_and_dictionaries()
    {
        await CreateLoansAsync();
        var n = await W.ExecuteAsync("INSERT INTO LOANS (ID, COUNTY) VALUES ($id, $county), ($id2, $county)",
            new { id = 1L, id2 = 2L, county = "Ulster County" }, Ct);
        Assert.Equal(2, n);
        var count = await W.ScalarAsync<long>("SELECT COUNT(*) FROM LOANS WHERE COUNTY = $c",
            new Dictionary<string, object?> { ["c"] = "Ulster County" }, Ct);
        Assert.Equal(2, count);
        var sum = await W.ScalarAsync<long>("SELECT SUM(ID)::BIGINT FROM LOANS", ct: Ct);
        Assert.Equal(3, sum);
    }

    [Fact]
    public async Task Query_maps_rows_by_column_name()
    {
        await CreateLoansAsync();
        await W.ExecuteAsync("INSERT INTO LOANS (ID, INCOME, COUNTY) VALUES (7, 59.8, 'Ulster County')", ct: Ct);
        var rows = await W.QueryAsync<LoanRow>("SELECT ID AS Id, INCOME AS Income, COUNTY AS County FROM LOANS", ct: Ct);
        var row = Assert.Single(rows);
        Assert.Equal(new LoanRow { Id = 7, Income = 59.8, County = "Ulster County" }, row);
    }

    [Fact]
    public async Task Bulk_append_converts_values_and_describe_maps_types_and_counts_rows()
    {
        await CreateLoansAsync();
        var appended = await W.InTransactionAsync(s => s.BulkAppendAsync("loans", new[]
        {
            new object?[] { 1L, 59.8, 293m, "Ulster County", new DateTime(2024, 12, 20), new DateOnly(2024, 12, 20), true },
            new object?[] { 2, 61, "290.5", null, "2024-12-27 00:00:00", null, false },
        }, Ct), Ct);
        Assert.Equal(2, appended);

        var info = await W.DescribeTableAsync("loans", Ct);
        Assert.NotNull(info);
        Assert.Equal("LOANS", info.Name);
        Assert.Equal(2, info.Rows);
        Assert.Equal(
            [WarehouseType.Integer, WarehouseType.Double, WarehouseType.Decimal, WarehouseType.Text,
             WarehouseType.Timestamp, WarehouseType.Date, WarehouseType.Boolean],
            info.Columns.Select(c => c.Type));
        Assert.Null(await W.DescribeTableAsync("NO_SUCH_TABLE", Ct));

        var tables = await W.ListTablesAsync(Ct);
        Assert.Equal("LOANS", Assert.Single(tables).Name);
        Assert.Equal(290.5m, await W.ScalarAsync<decimal>("SELECT AMOUNT FROM LOANS WHERE ID = 2", ct: Ct));
    }

    [Fact]
    public async Task Bulk_append_names_the_row_and_column_of_a_bad_value()
    {
        await CreateLoansAsync();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => W.InTransactionAsync(
            s => s.BulkAppendAsync("LOANS", new[] { new object?[] { "abc", null, null, null, null, null, null } }, Ct), Ct));
        Assert.Contains("Row 1, column ID", e.Message);
    }

    [Fact]
    public async Task A_failed_transaction_writes_nothing_including_appended_rows()
    {
        await CreateLoansAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => W.InTransactionAsync<int>(async s =>
        {
            await s.ExecuteAsync("INSERT INTO LOANS (ID) VALUES (1)", ct: Ct);
            await s.BulkAppendAsync("LOANS", Enumerable.Range(0, 5000).Select(i => new object?[] { (long)i, null, null, null, null, null, null }), Ct);
            Assert.Equal(5001, await s.ScalarAsync<long>("SELECT COUNT(*) FROM LOANS", ct: Ct));
            throw new InvalidOperationException("boom");
        }, Ct));
        Assert.Equal(0, await W.ScalarAsync<long>("SELECT COUNT(*) FROM LOANS", ct: Ct));
    }

    [Fact]
    public async Task An_unordered_transaction_drops_row_order_on_its_own_connection_only_and_still_rolls_back()
    {
        const string Setting = "SELECT CAST(current_setting('preserve_insertion_order') AS VARCHAR)";
        await CreateLoansAsync();
        var inside = await W.InUnorderedTransactionAsync(s => s.ScalarAsync<string>(Setting, ct: Ct), Ct);
        Assert.Equal("false", inside);
        Assert.Equal("true", await W.ScalarAsync<string>(Setting, ct: Ct));
        Assert.Equal("true", await W.InTransactionAsync(s => s.ScalarAsync<string>(Setting, ct: Ct), Ct));

        await Assert.ThrowsAsync<InvalidOperationException>(() => W.InUnorderedTransactionAsync<int>(async s =>
        {
            await s.ExecuteAsync("INSERT INTO LOANS (ID) SELECT range FROM range(100000)", ct: Ct);
            throw new InvalidOperationException("boom");
        }, Ct));
        Assert.Equal(0, await W.ScalarAsync<long>("SELECT COUNT(*) FROM LOANS", ct: Ct));
    }

    [Fact]
    public async Task A_table_created_in_a_transaction_can_be_appended_to_and_rolled_back()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => W.InTransactionAsync<int>(async s =>
        {
            await s.ExecuteAsync("CREATE TABLE T1 (A BIGINT)", ct: Ct);
            await s.BulkAppendAsync("T1", new[] { new object?[] { 1L } }, Ct);
            throw new InvalidOperationException("boom");
        }, Ct));
        Assert.Null(await W.DescribeTableAsync("T1", Ct));

        var n = await W.InTransactionAsync(async s =>
        {
            await s.ExecuteAsync("CREATE TABLE T1 (A BIGINT)", ct: Ct);
            return await s.BulkAppendAsync("T1", Rows(), Ct);
        }, Ct);
        Assert.Equal(3, n);
        Assert.Equal(3, (await W.DescribeTableAsync("T1", Ct))!.Rows);

        static async IAsyncEnumerable<object?[]> Rows()
        {
            for (long i = 0; i < 3; i++)
            {
                await Task.Yield();
                yield return [i];
            }
        }
    }

    [Fact]
    public async Task Streams_in_batches_of_the_requested_size()
    {
        await W.ExecuteAsync("CREATE TABLE R AS SELECT range AS ID, range * 0.5 AS HALF FROM range(25000)", ct: Ct);
        var sizes = new List<int>();
        long sum = 0;
        await foreach (var batch in W.StreamAsync("SELECT ID, HALF FROM R WHERE ID >= $min ORDER BY ID", new { min = 5000L }, 7000, Ct))
        {
            Assert.Equal(["ID", "HALF"], batch.Columns);
            sizes.Add(batch.Rows.Count);
            sum += batch.Rows.Sum(r => (long)r[0]!);
        }
        Assert.Equal([7000, 7000, 6000], sizes);
        Assert.Equal(Enumerable.Range(5000, 20000).Sum(i => (long)i), sum);
    }

    [Fact]
    public async Task Streaming_returns_nulls_as_null()
    {
        await CreateLoansAsync();
        await W.ExecuteAsync("INSERT INTO LOANS (ID) VALUES (1)", ct: Ct);
        var batch = Assert.Single(await W.StreamAsync("SELECT ID, INCOME FROM LOANS", ct: Ct).ToListAsync(Ct));
        Assert.Null(batch.Rows[0][1]);
    }

    [Fact]
    public async Task Concurrent_tasks_read_and_write_safely()
    {
        await W.ExecuteAsync("CREATE TABLE C (TASK BIGINT, I BIGINT)", ct: Ct);
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                if (i % 2 == 0)
                    await W.ExecuteAsync("INSERT INTO C VALUES ($t, $i)", new { t = (long)t, i = (long)i }, Ct);
                else
                    await W.InTransactionAsync(s => s.BulkAppendAsync("C", new[] { new object?[] { (long)t, (long)i } }, Ct), Ct);
                var mine = await W.ScalarAsync<long>("SELECT COUNT(*) FROM C WHERE TASK = $t", new { t = (long)t }, Ct);
                Assert.Equal(i + 1, mine);
                await foreach (var _ in W.StreamAsync("SELECT * FROM C", batchSize: 50, ct: Ct)) { }
            }
        }, Ct)).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(200, await W.ScalarAsync<long>("SELECT COUNT(*) FROM C", ct: Ct));
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        await W.ExecuteAsync("CREATE TABLE P (A BIGINT); INSERT INTO P VALUES (42)", ct: Ct);
        W.Dispose();
        using var again = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_temp.Directory));
        Assert.Equal(42, await again.ScalarAsync<long>("SELECT A FROM P", ct: Ct));
    }

    [Fact]
    public async Task Rejects_invalid_table_names()
    {
        await Assert.ThrowsAsync<InvalidIdentifierException>(() => W.DescribeTableAsync("a;b", Ct));
    }

    public sealed record LoanRow
    {
        public long Id { get; init; }
        public double? Income { get; init; }
        public string? County { get; init; }
    }
}
