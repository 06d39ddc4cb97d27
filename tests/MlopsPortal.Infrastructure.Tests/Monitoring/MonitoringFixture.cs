using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Monitoring;

/// <summary>A signed-in user of a fixed role.</summary>
internal sealed class FixedUser(Role role, string name = "tester") : ICurrentUser
{
    public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult<PortalPrincipal?>(new PortalPrincipal(name, role));
}

/// <summary>Records schedule calls (Hangfire itself is exercised by the web tests).</summary>
internal sealed class RecordingScheduler : IMonitorScheduler
{
    public HashSet<string> Scheduled { get; } = [];

    public Task<Guid> EnqueueRefreshAsync(string monitor, bool full, string? user, CancellationToken ct) => Task.FromResult(Guid.NewGuid());

    public void Schedule(MonitorSpec spec) => Scheduled.Add(spec.Name);

    public void Unschedule(string monitor) => Scheduled.Remove(monitor);
}

/// <summary>
/// A real DuckDB warehouse, migrated, holding the lab's PREDICTIONS_WITH_GROUND_TRUTH (Mortgage_Data.csv plus the goldens'
/// deterministic PREDICTED_SCORE / PREDICTED_RESPONSE) and BASELINE_PREDICTIONS (weeks 1–5).
/// </summary>
internal sealed class MonitoringFixture : IDisposable
{
    public const string Source = "PREDICTIONS_WITH_GROUND_TRUTH";
    public const string Baseline = "BASELINE_PREDICTIONS";

    private readonly TempWarehouse temp = new();

    public IWarehouse Warehouse => temp.Warehouse;
    public RecordingScheduler Scheduler { get; } = new();
    public MonitorStore Store { get; }
    public MetricStore Metrics { get; }
    public MonitorRefresher Refresher { get; }

    public MonitoringFixture()
    {
        Store = new MonitorStore(Warehouse);
        Metrics = new MetricStore(Warehouse);
        Refresher = new MonitorRefresher(Warehouse, Store, Metrics, TimeProvider.System);
    }

    public MonitorService Service(Role role) => new(Warehouse, Store, Metrics, Scheduler, new FixedUser(role), TimeProvider.System, Refresher);

    public MonitorThresholdService Thresholds(Role role) => new(Warehouse, Service(role), new FixedUser(role));

    public MonitorExplorerService Explorer(Role role) => new(Warehouse, Store, new FixedUser(role));

    public async Task LoadLabAsync(CancellationToken ct)
    {
        await new MigrationRunner(Warehouse).RunAsync(ct);
        await using (var file = File.OpenRead(LabData.Path("Mortgage_Data.csv")))
            await new CsvImportService(Warehouse).ImportAsync("MORTGAGE_DATA", file, ImportMode.Create, ct);

        await Warehouse.ExecuteAsync("CREATE TABLE LAB_SCORES (APPLICANT_INCOME_000S DOUBLE, LOAN_AMOUNT_000S BIGINT, PREDICTED_SCORE DOUBLE)", ct: ct);
        var pairs = await Warehouse.QueryAsync<Pair>("SELECT DISTINCT APPLICANT_INCOME_000S AS Income, LOAN_AMOUNT_000S AS Amount FROM MORTGAGE_DATA", ct: ct);
        await Warehouse.InTransactionAsync(s => s.BulkAppendAsync("LAB_SCORES", pairs.Select(p => new object?[] { p.Income, p.Amount, LabScore(p.Income, p.Amount) }), ct), ct);
        await Warehouse.ExecuteAsync($"""
            CREATE TABLE {Source} AS
            SELECT m.*, s.PREDICTED_SCORE, CAST(s.PREDICTED_SCORE > 0.5 AS BIGINT) AS PREDICTED_RESPONSE
            FROM MORTGAGE_DATA m JOIN LAB_SCORES s USING (APPLICANT_INCOME_000S, LOAN_AMOUNT_000S)
            """, ct: ct);
        await Explorer(Role.DataScientist).CreateBaselineAsync(new BaselineRequest
        {
            Source = Source,
            Output = Baseline,
            Filter = [new FilterCondition { Column = "WEEK", Op = "between", Value = Json("1"), Value2 = Json("5") }],
        }, ct);
    }

    public static MonitorRequest LabMonitor(string name = "MORTGAGE_MODEL_MONITOR", string source = Source) => new()
    {
        Name = name,
        Model = "MORTGAGE_LENDING_MLOPS_0",
        Version = "V1",
        Function = "predict",
        Source = source,
        Baseline = Baseline,
        TimestampColumn = "WEEK_START_DATE",
        AggregationWindowDays = 7,
        IdColumns = ["LOAN_ID"],
        PredictionClassColumns = ["PREDICTED_RESPONSE"],
        PredictionScoreColumns = ["PREDICTED_SCORE"],
        ActualClassColumns = ["MORTGAGERESPONSE"],
        RefreshInterval = "1 day",
    };

    /// <summary>make_goldens.py's lab_score, with the same floating-point operations.</summary>
    public static double LabScore(double income, double amount)
    {
        var z = (0.05 * (income - 48.0)) - (0.004 * (amount - 217.0)) + 0.5;
        var s = 1.0 / (1.0 + Math.Exp(-z));
        return Math.Round(s * 1000.0, MidpointRounding.ToEven) / 1000.0;
    }

    private static System.Text.Json.JsonElement Json(string raw) => System.Text.Json.JsonDocument.Parse(raw).RootElement.Clone();

    public void Dispose() => temp.Dispose();

    private sealed class Pair
    {
        public double Income { get; set; }
        public long Amount { get; set; }
    }
}
