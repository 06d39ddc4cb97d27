using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Infrastructure.Registry;

namespace MlopsPortal.Infrastructure.Tests.Monitoring;

/// <summary>
/// Issue 14, item 2: a monitor over the lab's scored table drifts on the model's inputs (the lab model's signature, its
/// one-hot features folded back to their columns) and the predictions, never on the id, run, time or label columns.
/// </summary>
public sealed class MonitorDriftColumnsTests : IDisposable
{
    private const string Model = "MORTGAGE_MODEL";
    private const string Name = "MORTGAGE_MODEL_MONITOR";
    private static readonly string[] Never = ["LOAN_ID", "WEEK", "WEEK_START_DATE", "TS", "SCORING_RUN_ID", "MORTGAGERESPONSE"];
    private readonly MonitoringFixture fx = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fx.Dispose();

    [Fact]
    public async Task A_monitor_over_the_lab_columns_reports_drift_for_no_id_run_time_or_label_column()
    {
        var (service, refresher) = await ArrangeAsync();
        await service.CreateAsync(WithModel(MonitoringFixture.LabMonitor()), false, Ct);
        await refresher.RefreshAsync(Name, false, null, Ct);

        var drifted = await DriftedColumnsAsync();
        Assert.Equal(["APPLICANT_INCOME_000S", "COUNTY_NAME", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME", "PREDICTED_RESPONSE", "PREDICTED_SCORE"], drifted);
        Assert.Empty(drifted.Intersect(Never));

        var overview = Assert.Single(await new MonitorDashboardService(service, new MonitorThresholdService(fx.Warehouse, service, new FixedUser(Role.Viewer)))
            .OverviewAsync(Ct));
        Assert.NotNull(overview.WorstFeature);
        Assert.DoesNotContain(overview.WorstFeature, Never);
    }

    [Fact]
    public async Task The_user_adds_and_removes_drift_columns_and_the_next_refresh_follows()
    {
        var (service, refresher) = await ArrangeAsync();
        await service.CreateAsync(WithModel(MonitoringFixture.LabMonitor()), false, Ct);
        await refresher.RefreshAsync(Name, false, null, Ct);

        var edit = WithModel(MonitoringFixture.LabMonitor());
        edit.IncludeDriftColumns = ["LOAN_TYPE_NAME", "WEEK"];
        edit.ExcludeDriftColumns = ["PREDICTED_RESPONSE"];
        await service.UpdateAsync(Name, edit, Ct);
        var result = await refresher.RefreshAsync(Name, false, null, Ct);
        Assert.True(result.Full); // the drift columns changed, so every window is recomputed and the dropped column's metrics go

        Assert.Equal(["APPLICANT_INCOME_000S", "COUNTY_NAME", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME", "LOAN_TYPE_NAME", "PREDICTED_SCORE", "WEEK"],
            await DriftedColumnsAsync());

        var choice = await service.DriftChoiceAsync(edit, Ct);
        Assert.Equal(["APPLICANT_INCOME_000S", "COUNTY_NAME", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME", "PREDICTED_RESPONSE", "PREDICTED_SCORE"], choice.Default.Order(StringComparer.Ordinal));
        Assert.Contains("LOAN_TYPE_NAME", choice.Candidates);
        Assert.Empty(choice.Candidates.Intersect(["LOAN_ID", "WEEK_START_DATE", "SCORING_RUN_ID", "MORTGAGERESPONSE"]));

        foreach (var (column, why) in new[] { ("LOAN_ID", "id column"), ("SCORING_RUN_ID", "portal writes"), ("MORTGAGERESPONSE", "label"), ("WEEK_START_DATE", "timestamp") })
        {
            var bad = WithModel(MonitoringFixture.LabMonitor());
            bad.IncludeDriftColumns = [column];
            var ex = await Assert.ThrowsAsync<PortalValidationException>(() => service.UpdateAsync(Name, bad, Ct));
            Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        }
    }

    private static MonitorRequest WithModel(MonitorRequest r)
    {
        r.Model = Model;
        return r;
    }

    private async Task<List<string>> DriftedColumnsAsync() =>
        (await fx.Metrics.QueryAsync(Name, MetricNames.JensenShannon, ct: Ct)).Select(m => m.Column!).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The lab's table scored (with the run id the portal writes), and the lab model registered with its own features
    /// (tests/MlopsPortal.Trees.Tests/Fixtures/lab.json: WEEK, LOAN_ID, two numbers and one-hot LOAN_PURPOSE_NAME and
    /// COUNTY_NAME) mapped onto the table's columns as the import does.
    /// </summary>
    private async Task<(MonitorService, MonitorRefresher)> ArrangeAsync()
    {
        await fx.LoadLabAsync(Ct);
        await fx.Warehouse.ExecuteAsync($"ALTER TABLE {MonitoringFixture.Source} ADD COLUMN SCORING_RUN_ID VARCHAR", ct: Ct);
        await fx.Warehouse.ExecuteAsync($"UPDATE {MonitoringFixture.Source} SET SCORING_RUN_ID = 'run-' || CAST(WEEK AS VARCHAR)", ct: Ct);
        string[] features = ["WEEK", "LOAN_ID", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME_Refinancing",
            "COUNTY_NAME_Queens County", "COUNTY_NAME_Rensselaer County", "COUNTY_NAME_Ulster County"];
        var table = (await fx.Warehouse.DescribeTableAsync(MonitoringFixture.Source, Ct))!;
        var signature = features.Select(f => new FeatureSpec(f)).ToList();
        var version = new ModelVersion(Model, "V1", null, new JsonObject(), ModelTasks.TabularBinaryClassification, signature,
            FeatureMapper.Map(features, table.Columns), new ModelSource("Upload", "lab.json", "xgboost-json", new string('a', 64), 10, "lab.json"),
            "tester", DateTime.UtcNow, []);
        var registry = new WarehouseRegistryStore(fx.Warehouse);
        await registry.AddVersionAsync(new NewModelVersion(version, null, new Dictionary<string, string>()), Ct);
        var refresher = new MonitorRefresher(fx.Warehouse, fx.Store, fx.Metrics, TimeProvider.System, registry);
        var service = new MonitorService(fx.Warehouse, fx.Store, fx.Metrics, fx.Scheduler, new FixedUser(Role.DataScientist), TimeProvider.System, refresher, registry);
        return (service, refresher);
    }
}
