using System.Diagnostics;
using System.Globalization;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Benchmarks.Monitoring;

/// <summary>
/// <c>monitor-refresh &lt;source.csv&gt;</c>: loads the CSV written by benchmarks/monitoring_compare.py into a fresh DuckDB
/// (not timed), takes weeks 1–5 as the baseline, and times one full refresh of a 7-day monitor over it. Prints one
/// line of key=value pairs for the script.
/// </summary>
public static class MonitorRefreshBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var csv = Path.GetFullPath(args[1]);
        if (csv.Contains('\'', StringComparison.Ordinal)) throw new ArgumentException("The CSV path must not contain quotes.");
        var dir = Path.Combine(Path.GetTempPath(), "mlops-bench-" + Guid.NewGuid().ToString("N"));
        using var warehouse = new DuckDbWarehouse(new EmbeddedWarehouseOptions(dir));
        try
        {
            await new MigrationRunner(warehouse).RunAsync();
            var load = Stopwatch.StartNew();
            await warehouse.ExecuteAsync($"CREATE TABLE SRC AS SELECT * FROM read_csv('{csv}', header = true, types = {{'TS': 'TIMESTAMP'}})");
            await warehouse.ExecuteAsync("CREATE TABLE BASE AS SELECT * FROM SRC WHERE TS < (SELECT date_trunc('day', MIN(TS)) + INTERVAL 35 DAY FROM SRC)");
            load.Stop();
            var rows = await warehouse.ScalarAsync<long>("SELECT COUNT(*)::BIGINT FROM SRC");

            var store = new MonitorStore(warehouse);
            var spec = new MonitorRequest
            {
                Name = "BENCH", Model = "BENCH_MODEL", Version = "V1", Source = "SRC", Baseline = "BASE", TimestampColumn = "TS",
                AggregationWindowDays = 7, IdColumns = ["ID"], PredictionClassColumns = ["PRED"], PredictionScoreColumns = ["SCORE"],
                ActualClassColumns = ["ACTUAL"],
            }.ToSpec();
            await store.InsertAsync(spec, "bench", false, DateTime.UtcNow, CancellationToken.None);
            var refresher = new MonitorRefresher(warehouse, store, new MetricStore(warehouse), TimeProvider.System);

            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var wsBefore = process.PeakWorkingSet64;
            var sw = Stopwatch.StartNew();
            var result = await refresher.RefreshAsync("BENCH", full: true, null, CancellationToken.None);
            sw.Stop();
            process.Refresh();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rows={rows} windows={result.WindowsTotal} metric_rows={result.MetricRows} load_s={load.Elapsed.TotalSeconds:F2} refresh_s={sw.Elapsed.TotalSeconds:F3} " +
                $"managed_allocated_mb={allocated / 1048576.0:F1} peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0:F0} peak_ws_before_refresh_mb={wsBefore / 1048576.0:F0}"));
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
