using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Cli.Tests.Engine;

public sealed class BenchCopyCommandTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mlops-bench-copy-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Copies_the_table_without_a_model_reports_rows_per_second_and_leaves_only_the_source()
    {
        using (var w = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dataDir)))
            await w.ExecuteAsync("CREATE TABLE SCORED_SOURCE AS SELECT range AS ID, range * 0.5 AS X, 'a' || range AS S FROM range(5000)", ct: TestContext.Current.CancellationToken);

        var (code, stdout, err) = await CliRunner.Run("bench", "copy", "--data-dir", _dataDir, "--table", "SCORED_SOURCE", "--repeat", "2");

        Assert.True(code == 0, err);
        Assert.Contains("rows=5000 columns=3 memory_limit=128MB", stdout);
        Assert.Matches(@"rows_per_s=\d+\s*$", stdout);
        using var after = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dataDir));
        var tables = (await after.ListTablesAsync(TestContext.Current.CancellationToken)).Select(t => t.Name).ToList();
        Assert.Equal(["SCORED_SOURCE"], tables);
        Assert.Equal(5000, await after.ScalarAsync<long>("SELECT COUNT(*) FROM SCORED_SOURCE", ct: TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("NOPE", "There is no table NOPE")]
    [InlineData("X; DROP TABLE SCORED_SOURCE", "is not a table name")]
    public async Task A_missing_or_hostile_table_name_exits_1_and_names_it(string table, string message)
    {
        using (var w = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dataDir)))
            await w.ExecuteAsync("CREATE TABLE SCORED_SOURCE (ID BIGINT)", ct: TestContext.Current.CancellationToken);

        var (code, _, err) = await CliRunner.Run("bench", "copy", "--data-dir", _dataDir, "--table", table);

        Assert.Equal(1, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public async Task A_directory_without_a_warehouse_exits_1_and_creates_nothing()
    {
        var (code, _, err) = await CliRunner.Run("bench", "copy", "--data-dir", _dataDir, "--table", "T");

        Assert.Equal(1, code);
        Assert.Contains("There is no warehouse at", err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dataDir));
    }
}
