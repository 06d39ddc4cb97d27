using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Registry;

/// <summary>A migrated DuckDB warehouse, the registry store on it, an artifact folder and a service acting as <see cref="User"/>.</summary>
public sealed class RegistryBed : IAsyncLifetime
{
    public const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";

    private readonly TempWarehouse _temp = new();

    public RegistryBed()
    {
        Store = new WarehouseRegistryStore(_temp.Warehouse);
        Artifacts = new FileArtifactStore(Path.Combine(_temp.Directory, "artifacts"));
        Options = new RegistryOptions();
        Service = new RegistryService(Store, Artifacts, Reader, new ArtifactFetcher(Options, () => S3Client!), User);
    }

    public IWarehouse Warehouse => _temp.Warehouse;
    public WarehouseRegistryStore Store { get; }
    public FileArtifactStore Artifacts { get; }
    public RegistryOptions Options { get; }
    public FakeUser User { get; } = new("alice", Role.Admin);
    public IModelArtifactReader Reader { get; set; } = new TreesArtifactReader();
    public Amazon.S3.IAmazonS3? S3Client { get; set; }
    public RegistryService Service { get; }

    public async ValueTask InitializeAsync() => await new MigrationRunner(Warehouse).RunAsync();

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds versions straight through the store (no artifact), for alias and audit tests.</summary>
    public async Task SeedAsync(params string[] versions)
    {
        foreach (var v in versions)
        {
            var version = new ModelVersion(Model, v, $"{v} comment", new JsonObject { ["accuracy"] = 0.9 }, ModelTasks.TabularBinaryClassification,
                [new FeatureSpec("A"), new FeatureSpec("B")], PreprocessingSpec.Identity([new FeatureSpec("A"), new FeatureSpec("B")]),
                new ModelSource("Upload", "model.json", "xgboost-json", new string('a', 64), 10, "model.json"), "seed", DateTime.UtcNow, []);
            await Store.AddVersionAsync(new NewModelVersion(version, "mortgage model", new Dictionary<string, string> { ["SOURCE"] = "SageMaker" }));
        }
    }

    public async Task<long> CountAsync(string table, string? where = null) =>
        await Warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {Warehouse.Dialect.QuoteOwn(table)}" + (where is null ? "" : " WHERE " + where));
}
