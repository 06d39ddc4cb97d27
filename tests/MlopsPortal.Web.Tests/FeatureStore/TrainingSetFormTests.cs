using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Warehouse.Embedded;
using MlopsPortal.Web.Components.Pages.FeatureStore;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.FeatureStore;

/// <summary>
/// The training-set form on a real DuckDB feature store: a hand-built view whose key repeats at some spine timestamps.
/// Refused by default, naming the duplicated keys; written on "warn", stating rows matched, unmatched and ambiguous.
/// </summary>
public sealed class TrainingSetFormTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-tsform-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDbWarehouse _warehouse;
    private readonly FeatureStoreService _service;

    public TrainingSetFormTests()
    {
        _warehouse = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dir));
        var user = new Scientist();
        var store = new FeatureStoreStore(_warehouse);
        var recipes = new RecipeStore(_warehouse);
        var materializer = new FeatureViewMaterializer(_warehouse, store, recipes, new RecipeRunner(_warehouse), TimeProvider.System);
        _service = new FeatureStoreService(_warehouse, store, recipes, materializer, new NoScheduler(), new WarehouseRegistryStore(_warehouse), user, TimeProvider.System);
        Services.AddMudServices();
        Services.AddSingleton<ICurrentUser>(user);
        Services.AddSingleton(_service);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public async ValueTask InitializeAsync()
    {
        await new MigrationRunner(_warehouse).RunAsync();
        await _warehouse.ExecuteAsync("CREATE TABLE RAW_FEATURES (K BIGINT, TS TIMESTAMP, V DOUBLE)", ct: Ct);
        await _warehouse.ExecuteAsync("CREATE TABLE SPINE (K BIGINT, TS TIMESTAMP, LABEL BIGINT)", ct: Ct);
        await _warehouse.ExecuteAsync("""
            INSERT INTO RAW_FEATURES VALUES (1, '2025-01-02', 10), (2, '2025-01-02', 20), (2, '2025-01-02', 21), (2, '2025-01-02', 22);
            INSERT INTO SPINE VALUES (1, '2025-01-02', 1), (1, '2025-01-09', 0), (2, '2025-01-02', 1), (2, '2025-01-03', 0), (3, '2025-01-02', 1);
            """, ct: Ct);
        await _service.CreateEntityAsync(new EntitySpec("K_ENTITY", ["K"]), Ct);
        await _service.CreateViewAsync(new FeatureViewSpec("KV", 1, ["K_ENTITY"], "TS", "RAW_FEATURES", null, ["V"]), Ct);
        await _service.RefreshAsync("KV", 1, Ct);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _warehouse.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_non_unique_key_is_refused_naming_it_and_written_on_warn_with_matched_unmatched_and_ambiguous_rows()
    {
        var view = (await _service.GetViewAsync("KV", 1, Ct)).View.Spec;
        var form = Render<TrainingSetForm>(p => p.Add(c => c.View, view).Add(c => c.Keys, ["K"]));
        form.Find("[data-testid=ts-spine]").Change("SPINE");
        form.Find("[data-testid=ts-labels]").Change("LABEL");

        form.Find("[data-testid=create-training-set]").Click();
        form.WaitForAssertion(() => Assert.Contains(
            "1 duplicated key (e.g. K=2, TS=2025-01-02 (3 rows)) leave 2 of 5 spine rows ambiguous", form.Find("[data-testid=ts-error]").TextContent), Wait);
        Assert.Null(await _warehouse.DescribeTableAsync("KV_TRAINING_SET", Ct));

        form.Find("[data-testid=training-set-form] input[type=checkbox]").Change(true);
        form.Find("[data-testid=create-training-set]").Click();
        form.WaitForAssertion(() => Assert.Contains(
            "KV_TRAINING_SET: 5 spine rows: 2 matched, 1 unmatched, 2 ambiguous", form.Find("[data-testid=ts-result]").TextContent), Wait);
        Assert.Contains("K=2, TS=2025-01-02 (3 rows)", form.Find("[data-testid=ts-warning]").TextContent);
        Assert.Empty(form.FindAll("[data-testid=ts-error]"));
        Assert.Equal(5, await _warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM KV_TRAINING_SET", ct: Ct));
    }

    private sealed class Scientist : ICurrentUser
    {
        public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult<PortalPrincipal?>(new PortalPrincipal("dana", Role.DataScientist));
    }

    private sealed class NoScheduler : IFeatureViewScheduler
    {
        public Task<Guid> EnqueueRefreshAsync(string name, int version, string? user, CancellationToken ct) => Task.FromResult(Guid.NewGuid());

        public void Schedule(string name, int version, string cron) { }
    }
}
