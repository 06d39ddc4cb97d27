using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>
/// On the first start (empty registry, demo seeding on), imports the demo's SageMaker artifact
/// (data/demo/sagemaker/model.tar.gz, legacy binary, features in feature_names.txt beside it) as
/// COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL V1 with the lab's tags, so SEAI50 holds from the start.
/// </summary>
internal sealed class RegistryDemoSeeder(
    IRegistryStore store, IArtifactStore artifacts, IModelArtifactReader reader, IArtifactFetcher fetcher,
    IWarehouse warehouse, WarehouseStartupOptions startup, IConfiguration configuration, ILogger<RegistryDemoSeeder> log) : IHostedService
{
    public const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    public const string ArtifactKey = "Registry:DemoArtifact";

    /// <summary>The demo's V1 reads this table's raw and one-hot columns (when the demo seeded it).</summary>
    public const string MappingTable = "INFERENCEMORTGAGEDATA";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!startup.SeedDemo || (await store.ListModelsAsync(ct)).Count > 0)
            return;
        var artifact = configuration[ArtifactKey] is { Length: > 0 } configured ? configured : Find();
        if (artifact is null || !File.Exists(artifact))
        {
            log.LogInformation("No demo model artifact found (data/demo/sagemaker/model.tar.gz); the registry starts empty");
            return;
        }
        var features = Path.Combine(Path.GetDirectoryName(artifact)!, "feature_names.txt");
        var metrics = Path.Combine(Path.GetDirectoryName(artifact)!, "metrics.json");
        var system = new SystemUser();
        var mapping = new FeatureMappingService(warehouse, system);
        var table = await warehouse.DescribeTableAsync(MappingTable, ct) is null ? null : MappingTable;
        var service = new RegistryService(store, artifacts, reader, fetcher, system, mapping: mapping);
        var version = await service.ImportVersionAsync(new ImportVersionRequest(
            Model, "V1", Location: artifact,
            Comment: "Mortgage response XGBoost classifier trained in SageMaker (XGBoost 1.7), migrated to the portal",
            Features: File.Exists(features) ? File.ReadAllLines(features).Where(l => l.Length > 0).ToList() : null,
            MappingTable: table,
            Metrics: File.Exists(metrics) ? JsonNode.Parse(await File.ReadAllTextAsync(metrics, ct)) as JsonObject : null,
            Tags: new Dictionary<string, string>
            {
                ["MODEL_STAGE_TAG"] = "PROD",
                ["MODEL_PURPOSE_TAG"] = "Predict mortgage response",
                ["SOURCE"] = "SageMaker",
                ["PROJECT"] = "COLLEGE_AI_HOL",
            }), ct);
        log.LogInformation("Imported the demo model {Model} {Version} from {Source}", version.Model, version.Name, version.Source.Description);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private static string? Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "demo", "sagemaker", "model.tar.gz");
                if (File.Exists(candidate))
                    return candidate;
            }
        return null;
    }

    private sealed class SystemUser : ICurrentUser
    {
        public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult<PortalPrincipal?>(new PortalPrincipal("system", Role.Admin));
    }
}
