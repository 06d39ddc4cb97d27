using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Monitoring;

namespace MlopsPortal.Infrastructure.Tests.Monitoring;

public sealed class MonitorServiceTests : IDisposable
{
    private const string Name = "MORTGAGE_MODEL_MONITOR";
    private readonly MonitoringFixture fx = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fx.Dispose();

    [Fact]
    public async Task Refreshes_of_one_monitor_that_meet_all_succeed_one_after_the_other_and_leave_one_set_of_metrics()
    {
        // A scheduled refresh, the one a scoring run starts and a user's "Refresh now" can start together.
        await fx.LoadLabAsync(Ct);
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        var alone = await fx.Refresher.RefreshAsync(Name, full: true, null, Ct);
        var expected = (await fx.Metrics.QueryAsync(Name, allSegments: true, ct: Ct)).Count;

        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => fx.Refresher.RefreshAsync(Name, full: true, null, Ct), Ct)));

        Assert.All(together, r => Assert.Equal(alone.MetricRows, r.MetricRows));
        Assert.Equal(expected, (await fx.Metrics.QueryAsync(Name, allSegments: true, ct: Ct)).Count);
    }

    [Fact]
    public async Task Incremental_refresh_recomputes_only_the_changed_window()
    {
        await fx.LoadLabAsync(Ct);
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        var first = await fx.Refresher.RefreshAsync(Name, false, null, Ct);
        var before = await fx.Metrics.QueryAsync(Name, MetricNames.Count, ct: Ct);

        var unchanged = await fx.Refresher.RefreshAsync(Name, false, null, Ct);
        Assert.Equal(0, unchanged.WindowsRecomputed);

        // 10 more rows in week 25 (the last window): only that window changes.
        await fx.Warehouse.ExecuteAsync($"INSERT INTO {MonitoringFixture.Source} SELECT * FROM {MonitoringFixture.Source} WHERE WEEK = 25 LIMIT 10", ct: Ct);
        var incremental = await fx.Refresher.RefreshAsync(Name, false, null, Ct);
        Assert.False(incremental.Full);
        Assert.Equal(1, incremental.WindowsRecomputed);
        Assert.Equal(first.WindowsTotal, incremental.WindowsTotal);

        var after = await fx.Metrics.QueryAsync(Name, MetricNames.Count, ct: Ct);
        Assert.Equal(before.Count, after.Count);
        var last = after.Max(m => m.WindowStart);
        Assert.Equal(before.Single(m => m.WindowStart == last).Value + 10, after.Single(m => m.WindowStart == last).Value);
        Assert.All(after.Where(m => m.WindowStart != last), m => Assert.Equal(before.Single(b => b.WindowStart == m.WindowStart).Value, m.Value));

        // A changed value (same row count) is caught by the checksum.
        await fx.Warehouse.ExecuteAsync($"UPDATE {MonitoringFixture.Source} SET APPLICANT_INCOME_000S = APPLICANT_INCOME_000S + 1 WHERE WEEK = 3", ct: Ct);
        Assert.Equal(1, (await fx.Refresher.RefreshAsync(Name, false, null, Ct)).WindowsRecomputed);

        var full = await fx.Refresher.RefreshAsync(Name, true, null, Ct);
        Assert.Equal(full.WindowsTotal, full.WindowsRecomputed);
    }

    [Fact]
    public async Task Segments_get_their_own_metrics_and_recreating_on_another_source_replaces_the_monitor()
    {
        await fx.LoadLabAsync(Ct);
        var request = MonitoringFixture.LabMonitor();
        request.SegmentColumns = ["LOAN_PURPOSE_NAME"];
        await fx.Service(Role.DataScientist).CreateAsync(request, false, Ct);
        await fx.Refresher.RefreshAsync(Name, false, null, Ct);
        var segments = await fx.Metrics.SegmentsAsync(Name, Ct);
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Equal("LOAN_PURPOSE_NAME", s.Column));
        var seg = segments[0];
        var perSegment = await fx.Service(Role.Viewer).MetricsAsync(Name, "COUNT", null, "7 DAYS", null, null, seg.Column, seg.Value, Ct);
        var whole = await fx.Service(Role.Viewer).MetricsAsync(Name, "COUNT", null, "7 DAYS", null, null, ct: Ct);
        Assert.True(perSegment.Sum(m => m.Value) < whole.Sum(m => m.Value));

        await fx.Warehouse.ExecuteAsync($"CREATE TABLE ALL_PREDICTIONS_WITH_GROUND_TRUTH AS SELECT * FROM {MonitoringFixture.Source}", ct: Ct);
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(source: "ALL_PREDICTIONS_WITH_GROUND_TRUTH"), replace: true, Ct);
        var monitors = await fx.Service(Role.Viewer).ListAsync(Ct);
        Assert.Equal("ALL_PREDICTIONS_WITH_GROUND_TRUTH", Assert.Single(monitors).Spec.Source);
        Assert.Empty(await fx.Metrics.QueryAsync(Name, ct: Ct));
        Assert.Equal(1, await fx.Store.CountNamedAsync(Name, Ct));
    }

    [Fact]
    public async Task Bad_specs_are_refused_naming_what_is_wrong_and_change_nothing()
    {
        await fx.LoadLabAsync(Ct);
        var ds = fx.Service(Role.DataScientist);

        var missingTable = MonitoringFixture.LabMonitor(source: "NO_SUCH_TABLE");
        Assert.Contains("NO_SUCH_TABLE does not exist", (await Assert.ThrowsAsync<PortalValidationException>(() => ds.CreateAsync(missingTable, false, Ct))).Message);

        var missingColumn = MonitoringFixture.LabMonitor();
        missingColumn.ActualClassColumns = ["NOPE"];
        Assert.Contains("no column NOPE (named in actualClassColumns)", (await Assert.ThrowsAsync<PortalValidationException>(() => ds.CreateAsync(missingColumn, false, Ct))).Message);

        var wrongType = MonitoringFixture.LabMonitor();
        wrongType.TimestampColumn = "COUNTY_NAME";
        Assert.Contains("must be a TIMESTAMP", (await Assert.ThrowsAsync<PortalValidationException>(() => ds.CreateAsync(wrongType, false, Ct))).Message);

        var tooManySegments = MonitoringFixture.LabMonitor();
        tooManySegments.SegmentColumns = ["A", "B", "C", "D", "E", "F"];
        Assert.Contains("at most 5 segmentColumns", (await Assert.ThrowsAsync<PortalValidationException>(() => ds.CreateAsync(tooManySegments, false, Ct))).Message);

        var badName = MonitoringFixture.LabMonitor(name: "bad name; drop");
        Assert.Contains("not a valid name", (await Assert.ThrowsAsync<PortalValidationException>(() => ds.CreateAsync(badName, false, Ct))).Message);

        Assert.Empty(await fx.Store.ListAsync(Ct));

        await ds.CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        var sameVersion = MonitoringFixture.LabMonitor(name: "OTHER_MONITOR");
        Assert.Contains("one monitor per version", (await Assert.ThrowsAsync<PortalValidationException>(() => ds.CreateAsync(sameVersion, false, Ct))).Message);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_create_refresh_or_suspend()
    {
        await fx.LoadLabAsync(Ct);
        var viewer = fx.Service(Role.Viewer);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => viewer.CreateAsync(MonitoringFixture.LabMonitor(), false, Ct));
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => viewer.RefreshAsync(Name, false, Ct));
        await Assert.ThrowsAsync<PortalForbiddenException>(() => viewer.SetStateAsync(Name, MonitorState.Suspended, Ct));
        Assert.Single(await viewer.ListAsync(Ct));
    }

    [Fact]
    public async Task A_write_to_a_source_refreshes_the_active_monitors_reading_it()
    {
        await fx.LoadLabAsync(Ct);
        var ds = fx.Service(Role.DataScientist);
        await ds.CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        Assert.Single(await ds.RefreshMonitorsOfSourceAsync(MonitoringFixture.Source.ToLowerInvariant(), Ct));
        Assert.Empty(await ds.RefreshMonitorsOfSourceAsync("OTHER_TABLE", Ct));
        await ds.SetStateAsync(Name, MonitorState.Suspended, Ct);
        Assert.Empty(await ds.RefreshMonitorsOfSourceAsync(MonitoringFixture.Source, Ct));
    }

    [Fact]
    public async Task Suspend_unschedules_and_resume_schedules_again()
    {
        await fx.LoadLabAsync(Ct);
        var ds = fx.Service(Role.DataScientist);
        await ds.CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        Assert.Contains(Name, fx.Scheduler.Scheduled);
        Assert.Equal(MonitorState.Suspended, (await ds.SetStateAsync(Name, MonitorState.Suspended, Ct)).State);
        Assert.DoesNotContain(Name, fx.Scheduler.Scheduled);
        Assert.Equal(MonitorState.Active, (await ds.SetStateAsync(Name, MonitorState.Active, Ct)).State);
        Assert.Contains(Name, fx.Scheduler.Scheduled);
    }

    [Fact]
    public async Task The_explorer_compares_two_weeks_and_the_baseline_filter_kept_weeks_1_to_5()
    {
        await fx.LoadLabAsync(Ct);
        Assert.Equal(5, await fx.Warehouse.ScalarAsync<long>($"SELECT COUNT(DISTINCT WEEK)::BIGINT FROM {MonitoringFixture.Baseline}", ct: Ct));
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        // goldens_lab.json explorer: APPLICANT_INCOME_000S week 1 vs week 8 (the window starting on its date, 2025-02-16) → Hellinger 0.25825383106255767
        var cmp = await fx.Explorer(Role.Viewer).CompareWindowsAsync(Name, "APPLICANT_INCOME_000S", new DateTime(2024, 12, 20), new DateTime(2025, 2, 16), Ct);
        Assert.Equal(ExplorerGolden("APPLICANT_INCOME_000S", 1, 8), cmp.Hellinger!.Value, 1e-9);
    }

    [Fact]
    public async Task Every_window_offered_starts_on_a_date_the_data_has_and_holds_data()
    {
        await fx.LoadLabAsync(Ct);
        var service = fx.Service(Role.DataScientist);
        await service.CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        await fx.Refresher.RefreshAsync(Name, false, null, Ct);
        var dataDays = (await fx.Warehouse.QueryAsync<DateTime>(
            $"SELECT DISTINCT CAST(date_trunc('day', WEEK_START_DATE) AS TIMESTAMP) FROM {MonitoringFixture.Source} ORDER BY 1", ct: Ct)).ToList();

        // The lab: week 1 on 2024-12-20, then 2025-01-05, 01-12, … – 7-day windows anchored at 12-20 would start 01-03, 01-10.
        var grid = await new MonitorDashboardService(service, fx.Thresholds(Role.Viewer)).GridAsync(Name, null, null, null, null, Ct);
        Assert.Equal(dataDays, grid.Windows);
        Assert.Contains(new DateTime(2025, 1, 5), grid.Windows);
        Assert.All(grid.Values(MetricNames.Count), c => Assert.True(c > 0));

        // A coarser granularity starts on the data's dates too: 28 days from 12-20 reach 01-17, so the next starts 01-19.
        var monthly = (await service.MetricsAsync(Name, MetricNames.Count, null, "28 DAYS", null, null, ct: Ct)).Select(m => m.WindowStart).ToList();
        Assert.Equal(new DateTime(2025, 1, 19), monthly[1]);
        Assert.All(monthly, w => Assert.Contains(w, dataDays));
    }

    private static double ExplorerGolden(string column, int weekA, int weekB)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Monitoring", "Goldens",
            MlopsPortal.TestKit.LabFiles.Golden("goldens_lab.json"))));
        return doc.RootElement.GetProperty("explorer").EnumerateArray()
            .Single(e => e.GetProperty("column").GetString() == column && e.GetProperty("weekA").GetInt32() == weekA && e.GetProperty("weekB").GetInt32() == weekB)
            .GetProperty("hellinger").GetDouble();
    }
}
