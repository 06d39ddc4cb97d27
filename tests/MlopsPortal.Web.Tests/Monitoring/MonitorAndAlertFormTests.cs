using System.Text;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Web.Components.Pages.Alerts;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.SnowflakeNative;
using MlopsPortal.Web.Components.Pages.Monitoring;
using MudBlazor;
using MudBlazor.Extensions;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>
/// Issue 14, item 7: New monitor starts from the registry and the warehouse (not another lab's names), shows its drift
/// columns, and refuses what cannot work before saving; monitors and alerts are edited and deleted (after a confirmation)
/// in the UI. A real DuckDB warehouse with the lab's scored table and a baseline.
/// </summary>
public sealed class MonitorAndAlertFormTests : WarehouseBunitContext
{
    private const string Model = "MORTGAGE_MODEL";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly WarehouseRegistryStore _registry;
    private readonly MonitorStore _monitors;

    public MonitorAndAlertFormTests()
    {
        _registry = new WarehouseRegistryStore(Warehouse);
        _monitors = new MonitorStore(Warehouse);
        var user = TestUser.Scientist();
        Services.AddSingleton<ICurrentUser>(user);
        Services.AddSingleton<IWarehouse>(Warehouse);
        Services.AddSingleton(new RegistryService(_registry, new FileArtifactStore(Path.Combine(DataDirectory, "a")), new TreesArtifactReader(),
            new ArtifactFetcher(new RegistryOptions()), user));
        Services.AddSingleton(new DataTablesService(Warehouse, new CsvImportService(Warehouse), user));
        Services.AddSingleton(new MonitorService(Warehouse, _monitors, new MetricStore(Warehouse), new NoScheduler(), user, TimeProvider.System, null, _registry));
        Services.AddSingleton(new MonitorExplorerService(Warehouse, _monitors, user));
        var metrics = new MetricStore(Warehouse);
        var alertStore = new AlertStore(Warehouse);
        Services.AddHttpClient();
        Services.AddSingleton(sp => new AlertService(alertStore, _monitors,
            new AlertEvaluator(alertStore, metrics, new AlertNotifier(new SmtpSettingsStore(Options.Create(new SmtpOptions())), sp.GetRequiredService<IHttpClientFactory>(), NullLogger<AlertNotifier>.Instance),
                new JobTracker(new WarehouseJobRunStore(Warehouse), NullLogger<JobTracker>.Instance), TimeProvider.System),
            new NoScheduler(), user, TimeProvider.System, new WebhookTargets(Options.Create(new AlertsOptions()))));
        Services.AddSingleton(new JobsService(new WarehouseJobRunStore(Warehouse), user));
        Services.AddScoped<MlopsPortal.Web.Components.Live.JobWatcher>();
        Services.AddSingleton(new SnowflakeNative(SnowflakeNativeWarehouse.None(), user, new NativeAliasAudit(Warehouse)));
        AddAuthorization().SetAuthorized("dana").SetPolicies("DataScientist");
        RenderInteractively();
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync();
        var importer = new CsvImportService(Warehouse);
        await using (var raw = File.OpenRead(LabApi.LabData(MlopsPortal.TestKit.LabFiles.Mortgage)))
            await importer.ImportAsync("INFERENCEMORTGAGEDATA", raw, ImportMode.Create, Ct);
        await importer.ImportAsync("PREDICTIONS_WITH_GROUND_TRUTH", new MemoryStream(Encoding.UTF8.GetBytes(LabPredictions.Csv())), ImportMode.Create, Ct);
        await Warehouse.ExecuteAsync("ALTER TABLE PREDICTIONS_WITH_GROUND_TRUTH ADD COLUMN SCORING_RUN_ID VARCHAR", ct: Ct);
        await Warehouse.ExecuteAsync("UPDATE PREDICTIONS_WITH_GROUND_TRUTH SET SCORING_RUN_ID = 'run-' || CAST(WEEK AS VARCHAR)", ct: Ct);
        await Warehouse.ExecuteAsync("CREATE TABLE MY_BASELINE AS SELECT * FROM PREDICTIONS_WITH_GROUND_TRUTH WHERE WEEK <= 5", ct: Ct);

        // The lab model's own features (tests/MlopsPortal.Trees.Tests/Fixtures/lab.json), mapped as the import does.
        string[] features = ["WEEK", "LOAN_ID", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME_Refinancing",
            "COUNTY_NAME_Queens County", "COUNTY_NAME_Rensselaer County", "COUNTY_NAME_Ulster County"];
        var table = (await Warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct))!;
        var version = new ModelVersion(Model, "V1", null, new JsonObject(), ModelTasks.TabularBinaryClassification, features.Select(f => new FeatureSpec(f)).ToList(),
            FeatureMapper.Map(features, table.Columns), new ModelSource("Upload", "lab.json", "xgboost-json", new string('a', 64), 10, "lab.json"),
            "seed", DateTime.UtcNow, []);
        await _registry.AddVersionAsync(new NewModelVersion(version, null, new Dictionary<string, string>()), Ct);
    }

    [Fact]
    public void New_monitor_starts_from_the_registry_and_the_warehouse_and_lists_only_model_inputs_as_drift_columns()
    {
        var page = Render<CreateMonitorPage>();

        page.WaitForAssertion(() => Assert.Contains("APPLICANT_INCOME_000S", page.Find("[data-testid=monitor-drift-list]").TextContent), Wait);
        Assert.Equal(Model, Select(page, "Model (registry)").GetState(x => x.Value));
        Assert.Equal("V1", Select(page, "Version").GetState(x => x.Value));
        Assert.Equal("PREDICTIONS_WITH_GROUND_TRUTH", Select(page, "Source table").GetState(x => x.Value)); // the table holding the predictions
        Assert.Equal("MY_BASELINE", Select(page, "Baseline table").GetState(x => x.Value));
        Assert.Equal("WEEK_START_DATE", Select(page, "Timestamp column").GetState(x => x.Value));
        Assert.Equal(["LOAN_ID"], Select(page, "Id columns").GetState(x => x.SelectedValues));
        Assert.Equal($"{Model}_V1_MONITOR", page.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Name").Instance.GetState(x => x.Value));
        Assert.DoesNotContain("MORTGAGE_LENDING_MLOPS_0", page.Markup);
        Assert.DoesNotContain("BASELINE_PREDICTIONS", page.Markup);

        var drift = page.Find("[data-testid=monitor-drift-list]").TextContent;
        foreach (var never in new[] { "LOAN_ID", "WEEK_START_DATE", "SCORING_RUN_ID", "LOAN_TYPE_NAME", "TS," })
            Assert.DoesNotContain(never, drift);
        Assert.DoesNotContain("WEEK,", drift + ",");
        Assert.Contains("PREDICTED_SCORE", drift);
        Assert.Contains("LOAN_PURPOSE_NAME", drift);
    }

    [Fact]
    public async Task What_cannot_work_is_shown_before_saving_and_a_good_monitor_saves_with_its_drift_columns()
    {
        var page = Render<CreateMonitorPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=monitor-drift-list]")), Wait);

        // A timestamp column that is not a date: the form says so and will not save.
        await page.InvokeAsync(() => Select(page, "Timestamp column").ValueChanged.InvokeAsync("WEEK"));
        page.WaitForAssertion(() => Assert.Contains("must be a TIMESTAMP or DATE", page.Find("[data-testid=monitor-problem]").TextContent), Wait);
        Assert.True(page.Find("[data-testid=create-monitor-submit]").HasAttribute("disabled"));
        Assert.Empty(await _monitors.ListAsync(Ct));

        await page.InvokeAsync(() => Select(page, "Timestamp column").ValueChanged.InvokeAsync("WEEK_START_DATE"));
        await page.InvokeAsync(() => Select(page, "Actual class columns").SelectedValuesChanged.InvokeAsync(["MORTGAGERESPONSE"]));
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=create-monitor-submit]").HasAttribute("disabled")), Wait);
        await page.InvokeAsync(() => Select(page, "Drift columns").SelectedValuesChanged.InvokeAsync(
            ["APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "PREDICTED_SCORE", "LOAN_TYPE_NAME"]));
        page.Find("[data-testid=create-monitor-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains($"/monitoring/{Model}_V1_MONITOR", Services.GetRequiredService<NavigationManager>().Uri), Wait);
        var saved = Assert.Single(await _monitors.ListAsync(Ct)).Spec;
        Assert.Equal(["MORTGAGERESPONSE"], saved.ActualClassColumns);
        Assert.Equal(["LOAN_TYPE_NAME"], saved.IncludeDriftColumns);
        Assert.Equal(["COUNTY_NAME", "LOAN_PURPOSE_NAME", "PREDICTED_RESPONSE"], saved.ExcludeDriftColumns.Order(StringComparer.Ordinal));
    }

    private static MudSelect<string> Select(IRenderedComponent<CreateMonitorPage> page, string label) =>
        page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == label).Instance;

    [Fact]
    public async Task An_alert_is_edited_in_the_form_and_deleted_after_a_confirmation()
    {
        await CreateMonitorAndAlertAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AlertsPage>();
        page.WaitForAssertion(() => Assert.Contains("F1_SCORE_DROP_ALERT", page.Find("[data-testid=alerts-table]").TextContent), Wait);

        await page.InvokeAsync(() => page.Find("[data-testid=edit-alert]").Click());
        page.WaitForAssertion(() => Assert.Contains("Edit alert F1_SCORE_DROP_ALERT", page.Find("[data-testid=alert-form]").TextContent), Wait);
        var form = page.FindComponent<AlertForm>();
        // The form starts from the alert as stored, its monitor picked among the monitors that exist.
        Assert.Equal($"{Model}_V1_MONITOR", form.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Monitor").Instance.GetState(x => x.Value));
        Assert.Empty(page.FindAll("[data-testid=alert-error]"));
        await page.InvokeAsync(() => form.FindComponents<MudNumericField<double?>>().Single(f => f.Instance.Label == "Threshold").Instance.ValueChanged.InvokeAsync(0.55));
        await page.InvokeAsync(() => page.Find("[data-testid=alert-save]").Click());
        page.WaitForAssertion(() => Assert.Contains("New alert", page.Find("[data-testid=alert-form]").TextContent), Wait);
        var alerts = Services.GetRequiredService<AlertService>();
        Assert.Equal(0.55, (await alerts.GetAsync("F1_SCORE_DROP_ALERT", Ct)).Spec.Threshold);

        // Find and click in one dispatch: the list re-renders when the save's reload ends, which would drop a handler found earlier.
        await page.InvokeAsync(() => page.Find("[data-testid=delete-alert]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Delete F1_SCORE_DROP_ALERT?", dialogs.Markup), Wait);
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-alerts]")), Wait);
        Assert.Empty(await alerts.ListAsync(Ct));
    }

    [Fact]
    public async Task Edit_starts_from_the_stored_monitor_and_saves_under_its_name()
    {
        await CreateMonitorAndAlertAsync();
        var page = Render<CreateMonitorPage>(p => p.Add(c => c.EditName, $"{Model}_V1_MONITOR"));
        page.WaitForAssertion(() => Assert.Contains("PREDICTED_SCORE", page.Find("[data-testid=monitor-drift-list]").TextContent), Wait);
        Assert.Equal(["MORTGAGERESPONSE"], Select(page, "Actual class columns").GetState(x => x.SelectedValues));
        Assert.Equal("Save changes", page.Find("[data-testid=create-monitor-submit]").TextContent.Trim());

        await page.InvokeAsync(() => Select(page, "Drift columns").SelectedValuesChanged.InvokeAsync(["APPLICANT_INCOME_000S", "PREDICTED_SCORE"]));
        page.Find("[data-testid=create-monitor-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains($"/monitoring/{Model}_V1_MONITOR?refresh=", Services.GetRequiredService<NavigationManager>().Uri), Wait);
        var saved = Assert.Single(await _monitors.ListAsync(Ct)).Spec;
        Assert.Empty(saved.IncludeDriftColumns);
        Assert.Equal(["COUNTY_NAME", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME", "PREDICTED_RESPONSE"], saved.ExcludeDriftColumns.Order(StringComparer.Ordinal));
        Assert.Equal(["MORTGAGERESPONSE"], saved.ActualClassColumns);
    }

    [Fact]
    public async Task A_monitor_is_deleted_only_after_the_confirmation()
    {
        await CreateMonitorAndAlertAsync();
        var monitor = Assert.Single(await _monitors.ListAsync(Ct));
        var dialogs = Render<MudDialogProvider>();
        var actions = Render<MonitorActions>(p => p.Add(a => a.Monitor, monitor));
        Assert.Equal($"/monitoring/{monitor.Name}/edit", actions.Find("[data-testid=edit-monitor]").GetAttribute("href"));

        actions.Find("[data-testid=delete-monitor]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Delete {monitor.Name}?", dialogs.Markup), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain($"Delete {monitor.Name}?", dialogs.Markup), Wait);
        Assert.Single(await _monitors.ListAsync(Ct));

        actions.Find("[data-testid=delete-monitor]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Delete {monitor.Name}?", dialogs.Markup), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();
        actions.WaitForAssertion(() => Assert.EndsWith("/monitoring", Services.GetRequiredService<NavigationManager>().Uri), Wait);
        Assert.Empty(await _monitors.ListAsync(Ct));
    }

    private async Task CreateMonitorAndAlertAsync()
    {
        var monitors = Services.GetRequiredService<MonitorService>();
        var request = await monitors.SuggestAsync(Model, "V1", Ct);
        request.ActualClassColumns = ["MORTGAGERESPONSE"];
        await monitors.CreateAsync(request, false, Ct);
        await Services.GetRequiredService<AlertService>().CreateAsync(new AlertRequest
        {
            Name = "F1_SCORE_DROP_ALERT", Monitor = request.Name, Metric = "F1_SCORE", Comparator = "<", Threshold = 0.7, LastDays = 7,
            Schedule = "0 9 * * *", TimeZone = "UTC", Recipients = ["manager@example.com"],
        }, false, Ct);
    }

    private sealed class NoScheduler : IMonitorScheduler, IAlertScheduler
    {
        public void Schedule(AlertSpec spec) { }

        public Task<Guid> EnqueueRefreshAsync(string monitor, bool full, string? user, CancellationToken ct) => Task.FromResult(Guid.NewGuid());

        public void Schedule(MonitorSpec spec) { }

        public void Unschedule(string monitor) { }
    }
}
