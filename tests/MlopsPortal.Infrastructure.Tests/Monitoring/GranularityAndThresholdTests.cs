using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Monitoring;

namespace MlopsPortal.Infrastructure.Tests.Monitoring;

/// <summary>Coarser granularities recomputed from the source, and drift thresholds per metric and per column.</summary>
public sealed class GranularityAndThresholdTests : IDisposable
{
    private const string Name = "MORTGAGE_MODEL_MONITOR";
    private readonly MonitoringFixture fx = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fx.Dispose();

    private async Task ReadyAsync()
    {
        await fx.LoadLabAsync(Ct);
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        await fx.Refresher.RefreshAsync(Name, false, null, Ct);
    }

    [Fact]
    public async Task Two_week_and_all_time_granularities_are_exact_recomputations()
    {
        await ReadyAsync();
        var service = fx.Service(Role.Viewer);
        var weekly = await service.MetricsAsync(Name, MetricNames.Count, null, "7 DAYS", null, null, ct: Ct);
        var fortnightly = await service.MetricsAsync(Name, MetricNames.Count, null, "2 WEEKS", null, null, ct: Ct);

        // Fortnights start on the data's days too (12-20, then 01-05, 01-19, …): each stored week falls in the last
        // fortnight starting at or before it; the counts add up exactly.
        var fortnights = AggregationWindows.DataAligned(weekly.Select(w => w.WindowStart), 14);
        Assert.Equal(new DateTime(2025, 1, 5), fortnights[1]);
        var expected = weekly.GroupBy(w => AggregationWindows.StartOf(fortnights, w.WindowStart)!.Value)
            .Select(g => (Start: g.Key, Count: g.Sum(w => w.Value))).ToList();
        Assert.Equal(expected, fortnightly.Select(f => (f.WindowStart, f.Value)).ToList());
        Assert.Contains(expected, e => e.Count == 400);

        // F1 over everything, from the raw rows (independent of the monitor's code).
        var counts = (await fx.Warehouse.QueryAsync<Confusion>($"""
            SELECT CAST(SUM(CASE WHEN PREDICTED_RESPONSE = 1 AND MORTGAGERESPONSE = 1 THEN 1 ELSE 0 END) AS BIGINT) AS TP,
                   CAST(SUM(CASE WHEN PREDICTED_RESPONSE = 1 AND MORTGAGERESPONSE = 0 THEN 1 ELSE 0 END) AS BIGINT) AS FP,
                   CAST(SUM(CASE WHEN PREDICTED_RESPONSE = 0 AND MORTGAGERESPONSE = 1 THEN 1 ELSE 0 END) AS BIGINT) AS FN
            FROM {MonitoringFixture.Source}
            """, ct: Ct)).Single();
        var all = await service.MetricsAsync(Name, MetricNames.F1Score, null, "ALL", null, null, ct: Ct);
        Assert.Equal(2.0 * counts.TP / (2.0 * counts.TP + counts.FP + counts.FN), Assert.Single(all).Value!.Value, 1e-12);
        Assert.NotEmpty(await service.MetricsAsync(Name, MetricNames.JensenShannon, "LOAN_AMOUNT_000S", "ALL", null, null, ct: Ct));

        var finer = await Assert.ThrowsAsync<PortalValidationException>(() => service.MetricsAsync(Name, MetricNames.Count, null, "3 DAYS", null, null, ct: Ct));
        Assert.Contains("3 DAYS", finer.Message);
    }

    [Fact]
    public async Task A_column_threshold_overrides_the_metric_threshold_which_overrides_the_default()
    {
        await ReadyAsync();
        var scientist = fx.Thresholds(Role.DataScientist);
        Assert.Equal(0.1, (await scientist.GetAsync(Name, Ct)).For(MetricNames.JensenShannon, "LOAN_AMOUNT_000S"));

        await scientist.SetAsync(Name, "jensen_shannon", "loan_amount_000s", 0.05, Ct);
        var set = await scientist.SetAsync(Name, MetricNames.PopulationStabilityIndex, null, 0.3, Ct);
        Assert.Equal(0.05, set.For(MetricNames.JensenShannon, "LOAN_AMOUNT_000S"));
        Assert.Equal(0.1, set.For(MetricNames.JensenShannon, "APPLICANT_INCOME_000S"));
        Assert.Equal(0.3, set.For(MetricNames.PopulationStabilityIndex, "APPLICANT_INCOME_000S"));
        Assert.True(set.IsBreached(MetricNames.JensenShannon, "LOAN_AMOUNT_000S", 0.07));
        Assert.False(set.IsBreached(MetricNames.JensenShannon, "APPLICANT_INCOME_000S", 0.07));

        Assert.Contains("F1_SCORE", (await Assert.ThrowsAsync<PortalValidationException>(() => scientist.SetAsync(Name, "F1_SCORE", null, 0.5, Ct))).Message);
        Assert.Contains("NOPE", (await Assert.ThrowsAsync<PortalValidationException>(() => scientist.SetAsync(Name, MetricNames.Hellinger, "NOPE", 0.2, Ct))).Message);
        Assert.Contains("-1", (await Assert.ThrowsAsync<PortalValidationException>(() => scientist.SetAsync(Name, MetricNames.Hellinger, null, -1, Ct))).Message);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => fx.Thresholds(Role.Viewer).SetAsync(Name, MetricNames.Hellinger, null, 0.2, Ct));
        Assert.Equal(2, (await scientist.GetAsync(Name, Ct)).Custom.Count);

        var removed = await scientist.SetAsync(Name, MetricNames.JensenShannon, "LOAN_AMOUNT_000S", null, Ct);
        Assert.Equal(0.1, removed.For(MetricNames.JensenShannon, "LOAN_AMOUNT_000S"));
    }

    [Fact]
    public async Task The_overview_judges_each_monitors_worst_drift_against_that_monitors_own_thresholds()
    {
        const string other = "OTHER_MONITOR";
        await ReadyAsync();
        var second = MonitoringFixture.LabMonitor(other);
        second.Version = "V2"; // one monitor per model version
        await fx.Service(Role.DataScientist).CreateAsync(second, false, Ct);
        await fx.Refresher.RefreshAsync(other, false, null, Ct);
        var dashboard = new MonitorDashboardService(fx.Service(Role.Viewer), fx.Thresholds(Role.Viewer));
        var worst = (await dashboard.OverviewAsync(Ct)).Single(o => o.Monitor.Name == Name);
        Assert.NotNull(worst.WorstFeature);

        // Above the worst drift on one monitor, below it on the other: only the other one drifts.
        var scientist = fx.Thresholds(Role.DataScientist);
        await scientist.SetAsync(Name, MetricNames.JensenShannon, worst.WorstFeature, worst.WorstDrift!.Value * 2, Ct);
        await scientist.SetAsync(other, MetricNames.JensenShannon, worst.WorstFeature, worst.WorstDrift.Value / 2, Ct);
        var overview = (await dashboard.OverviewAsync(Ct)).ToDictionary(o => o.Monitor.Name);
        Assert.DoesNotContain("drifting", overview[Name].TroubleReason);
        Assert.Contains($"{worst.WorstFeature} drifting", overview[other].TroubleReason);
        Assert.True(overview[other].Trouble);
    }

    private sealed class Confusion
    {
        public long TP { get; set; }
        public long FP { get; set; }
        public long FN { get; set; }
    }
}
