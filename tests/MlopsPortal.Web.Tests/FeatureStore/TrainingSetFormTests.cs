using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Web.Components.Pages.FeatureStore;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.FeatureStore;

/// <summary>
/// The training-set form on a real DuckDB feature store: a hand-built view whose key repeats at some spine timestamps.
/// Refused by default, naming the duplicated keys; written on "warn", stating rows matched, unmatched and ambiguous.
/// </summary>
public sealed class TrainingSetFormTests : WarehouseBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FeatureStoreService _service;

    public TrainingSetFormTests()
    {
        var user = TestUser.Scientist();
        var store = new FeatureStoreStore(Warehouse);
        var recipes = new RecipeStore(Warehouse);
        var materializer = new FeatureViewMaterializer(Warehouse, store, recipes, new RecipeRunner(Warehouse), TimeProvider.System);
        _service = new FeatureStoreService(Warehouse, store, recipes, materializer, new NoScheduler(), new WarehouseRegistryStore(Warehouse), user, TimeProvider.System);
        Services.AddSingleton<ICurrentUser>(user);
        Services.AddSingleton(_service);
        RenderInteractively();
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync();
        await Warehouse.ExecuteAsync("CREATE TABLE RAW_FEATURES (K BIGINT, TS TIMESTAMP, V DOUBLE)", ct: Ct);
        await Warehouse.ExecuteAsync("CREATE TABLE SPINE (K BIGINT, TS TIMESTAMP, LABEL BIGINT)", ct: Ct);
        await Warehouse.ExecuteAsync("""
            INSERT INTO RAW_FEATURES VALUES (1, '2025-01-02', 10), (2, '2025-01-02', 20), (2, '2025-01-02', 21), (2, '2025-01-02', 22);
            INSERT INTO SPINE VALUES (1, '2025-01-02', 1), (1, '2025-01-09', 0), (2, '2025-01-02', 1), (2, '2025-01-03', 0), (3, '2025-01-02', 1);
            """, ct: Ct);
        await _service.CreateEntityAsync(new EntitySpec("K_ENTITY", ["K"]), Ct);
        await _service.CreateViewAsync(new FeatureViewSpec("KV", 1, ["K_ENTITY"], "TS", "RAW_FEATURES", null, ["V"]), Ct);
        await _service.RefreshAsync("KV", 1, Ct);
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
        Assert.Null(await Warehouse.DescribeTableAsync("KV_TRAINING_SET", Ct));

        form.Find("[data-testid=training-set-form] input[type=checkbox]").Change(true);
        form.Find("[data-testid=create-training-set]").Click();
        form.WaitForAssertion(() => Assert.Contains(
            "KV_TRAINING_SET: 5 spine rows: 2 matched, 1 unmatched, 2 ambiguous", form.Find("[data-testid=ts-result]").TextContent), Wait);
        Assert.Contains("K=2, TS=2025-01-02 (3 rows)", form.Find("[data-testid=ts-warning]").TextContent);
        Assert.Empty(form.FindAll("[data-testid=ts-error]"));
        Assert.Equal(5, await Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM KV_TRAINING_SET", ct: Ct));
    }

    private sealed class NoScheduler : IFeatureViewScheduler
    {
        public Task<Guid> EnqueueRefreshAsync(string name, int version, string? user, CancellationToken ct) => Task.FromResult(Guid.NewGuid());

        public void Schedule(string name, int version, string cron) { }
    }
}
