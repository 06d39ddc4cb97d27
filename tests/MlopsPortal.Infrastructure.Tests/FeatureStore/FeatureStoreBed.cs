using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Tests.Registry;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.FeatureStore;

/// <summary>Recipes and the feature store on a real DuckDB warehouse with the portal's migrations applied.</summary>
public sealed class FeatureStoreBed : IAsyncDisposable
{
    private readonly TempWarehouse _temp = new();

    private FeatureStoreBed()
    {
        Recipes = new RecipeStore(Warehouse);
        Store = new FeatureStoreStore(Warehouse);
        Runner = new RecipeRunner(Warehouse);
        Materializer = new FeatureViewMaterializer(Warehouse, Store, Recipes, Runner, TimeProvider.System);
        RecipeService = new RecipeService(Recipes, Runner, User, new JobTracker(Jobs, NullLogger<JobTracker>.Instance), TimeProvider.System);
        RegistryStore = new WarehouseRegistryStore(Warehouse);
        Service = new FeatureStoreService(Warehouse, Store, Recipes, Materializer, Scheduler, RegistryStore, User, TimeProvider.System);
    }

    public IWarehouse Warehouse => _temp.Warehouse;
    public WarehouseJobRunStore Jobs => new(Warehouse);
    public FakeUser User { get; } = new("dana", Role.DataScientist);
    public RecordingScheduler Scheduler { get; } = new();
    public WarehouseRegistryStore RegistryStore { get; }
    public RecipeStore Recipes { get; }
    public FeatureStoreStore Store { get; }
    public RecipeRunner Runner { get; }
    public FeatureViewMaterializer Materializer { get; }
    public RecipeService RecipeService { get; }
    public FeatureStoreService Service { get; }

    public static async Task<FeatureStoreBed> CreateAsync(bool withLabData = false)
    {
        var bed = new FeatureStoreBed();
        await new MigrationRunner(bed.Warehouse).RunAsync();
        if (withLabData)
        {
            await using var csv = File.OpenRead(LabData.Path("NewTrainingData.csv"));
            await new CsvImportService(bed.Warehouse).ImportAsync("NEWTRAININGDATA", csv, ImportMode.Create);
        }
        return bed;
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Stands in for Hangfire's recurring-job manager: records what would be scheduled.</summary>
    public sealed class RecordingScheduler : IFeatureViewScheduler
    {
        public List<(string Name, int Version, string Cron)> Scheduled { get; } = [];

        public Task<Guid> EnqueueRefreshAsync(string name, int version, string? user, CancellationToken ct) => Task.FromResult(Guid.NewGuid());

        public void Schedule(string name, int version, string cron) => Scheduled.Add((name, version, cron));
    }
}
