using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Tests.Registry;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>
/// The lab's phase 1 set up for real: Mortgage_Data.csv imported as INFERENCEMORTGAGEDATA, the V1 "SageMaker"
/// artifact (data/demo/sagemaker/model.tar.gz) registered and mapped onto it, and the scoring executor on DuckDB.
/// </summary>
public sealed class ScoringBed : IAsyncDisposable
{
    public const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    public const string Source = "INFERENCEMORTGAGEDATA";

    private readonly TempWarehouse _temp = new();

    private ScoringBed()
    {
        // The demo SageMaker artifact is imported by its server path, which must lie under an allowed root.
        var options = new RegistryOptions { AllowedPathRoots = [Path.Combine(RepoRoot, "data", "demo")] };
        Registry = new RegistryService(
            new WarehouseRegistryStore(Warehouse), new FileArtifactStore(Path.Combine(_temp.Directory, "artifacts")), new TreesArtifactReader(),
            new ArtifactFetcher(options, () => throw new InvalidOperationException("no S3 here")), User, mapping: new FeatureMappingService(Warehouse, User));
        Runs = new ScoringRunStore(Warehouse);
        Jobs = new WarehouseJobRunStore(Warehouse);
        Executor = new ScoringExecutor(Warehouse, Registry, Runs, new ModelCache(), []);
        Tracker = new JobTracker(Jobs, NullLogger<JobTracker>.Instance);
    }

    public IWarehouse Warehouse => _temp.Warehouse;
    public FakeUser User { get; } = new("dana", Role.DataScientist);
    public RegistryService Registry { get; }
    public ScoringRunStore Runs { get; }
    public WarehouseJobRunStore Jobs { get; }
    public ScoringExecutor Executor { get; }
    public JobTracker Tracker { get; }

    public static async Task<ScoringBed> CreateAsync()
    {
        var bed = new ScoringBed();
        await new MigrationRunner(bed.Warehouse).RunAsync();
        await using (var csv = File.OpenRead(LabData.Path("Mortgage_Data.csv")))
            await new CsvImportService(bed.Warehouse).ImportAsync(Source, csv, ImportMode.Create);
        // The SageMaker container's legacy binary carries no feature names; they come beside it, as in the lab.
        var sagemaker = Path.Combine(RepoRoot, "data", "demo", "sagemaker");
        await bed.Registry.ImportVersionAsync(new ImportVersionRequest(Model, "V1",
            Location: Path.Combine(sagemaker, "model.tar.gz"), MappingTable: Source,
            Features: File.ReadAllLines(Path.Combine(sagemaker, "feature_names.txt")).Where(l => l.Length > 0).ToList()));
        return bed;
    }

    /// <summary>Records the run as the service would and runs it through the tracker, as the Hangfire job does.</summary>
    public async Task<JobRun> RunAsync(ScoringRunSpec spec, ScoringExecution execution, CancellationToken ct = default)
    {
        var id = Guid.NewGuid();
        await Runs.CreateAsync(id, spec, execution, User.Principal!, ct);
        await Jobs.CreateAsync(new JobRun(id, "scoring", "test", JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, "dana"), ct);
        await Tracker.RunAsync(id, (progress, c) => Executor.ExecuteAsync(id, progress, c), ct);
        return (await Jobs.GetAsync(id, CancellationToken.None))!;
    }

    public static ScoringRunSpec Week(int week, string output, WriteMode mode) => new()
    {
        Model = Model, Version = "V1", Source = Source, Output = output, Mode = mode,
        Filter = [new FilterCondition("WEEK", "=", week.ToString(CultureInfo.InvariantCulture))],
    };

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return dir.FullName;
        throw new InvalidOperationException("MlopsPortal.sln not found");
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }
}
