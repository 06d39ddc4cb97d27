using System.Diagnostics;
using System.Globalization;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Cli.Engine;

/// <summary>
/// <c>mlops bench copy --data-dir DIR --table T</c>: times the embedded warehouse copying a table with no model at all
/// (<c>CREATE TABLE … AS SELECT *</c>, unordered, at the portal's memory and thread defaults). Scoring in the warehouse
/// reads and writes every source column, so this is the most it can reach; benchmarks/big_tables.py sets it beside
/// the predictor alone.
/// </summary>
internal static class BenchCopyCommand
{
    public const string Usage =
        """
          mlops bench copy --data-dir DIR --table T [--repeat R]
                copies table T of a stopped portal's warehouse (DIR/warehouse.duckdb) with no model;
                last line: rows_per_s=<number> (median of R runs)
        """;

    private const string Copy = "__MLOPS_BENCH_COPY";

    public static async Task<int> RunAsync(CommandContext context, string[] args)
    {
        var a = new CliArguments(args, ["data-dir", "table", "repeat"]);
        var options = new EmbeddedWarehouseOptions(a.RequiredOption("data-dir"));
        if (!File.Exists(options.FilePath)) throw new InputException($"There is no warehouse at {options.FilePath}.");
        var table = a.RequiredOption("table");
        if (!Identifier.IsValid(table)) throw new InputException($"'{table}' is not a table name.");
        int repeat = a.IntOption("repeat", 3);

        using var warehouse = new DuckDbWarehouse(options);
        var ct = context.CancellationToken;
        var d = warehouse.Dialect;
        if (await warehouse.DescribeTableAsync(table, ct) is not { } source) throw new InputException($"There is no table {table} in {options.FilePath}.");
        var rows = source.Rows; // DescribeTableAsync counted them
        var times = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Copy}", ct: ct);
            var clock = Stopwatch.StartNew();
            await warehouse.ExecuteUnorderedAsync($"CREATE TABLE {Copy} AS SELECT * FROM {d.Quote(source.Name)}", ct: ct);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {Copy}", ct: ct);
        times.Sort();
        var inv = CultureInfo.InvariantCulture;
        await context.Out.WriteLineAsync($"copy: table={source.Name} rows={rows} columns={source.Columns.Count} memory_limit={options.MemoryLimit} threads={options.Threads}");
        await context.Out.WriteLineAsync($"runs={string.Join(" ", times.Select(t => t.ToString("F3", inv) + "s"))}");
        await context.Out.WriteLineAsync($"rows_per_s={(rows / times[times.Count / 2]).ToString("F0", inv)}");
        return ExitCodes.Ok;
    }
}
