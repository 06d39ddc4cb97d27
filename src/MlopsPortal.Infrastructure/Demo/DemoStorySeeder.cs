using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Warehouse;

namespace MlopsPortal.Infrastructure.Demo;

/// <summary>
/// On a first start with demo data, walks the lab's phase 1 so a new user sees the story at once: the V1
/// "SageMaker" artifact (data/demo/sagemaker, copied beside the binaries) is registered with the lab's tags as PRODUCTION,
/// with the metrics the lab logged with it (computed on its test split),
/// then week 1 is scored into PREDICTIONS_WITH_GROUND_TRUTH, weeks 2–5 appended, and every week scored into
/// ALL_PREDICTIONS_WITH_GROUND_TRUTH, as background jobs.
/// </summary>
public sealed class DemoStorySeeder(IServiceProvider services, WarehouseStartupOptions startup, DemoMonitorSeeder monitorSeeder, ILogger<DemoStorySeeder> log)
    : IHostedService, IDisposable
{
    public const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    public const string FirstWeeksOutput = "PREDICTIONS_WITH_GROUND_TRUTH";
    public const string AllWeeksOutput = "ALL_PREDICTIONS_WITH_GROUND_TRUTH";
    private const string Source = "INFERENCEMORTGAGEDATA";
    private readonly CancellationTokenSource _stopping = new();
    private Task _monitorSeeding = Task.CompletedTask;

    public static string ArtifactDirectory => Path.Combine(AppContext.BaseDirectory, "demo", "sagemaker");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The backend's resolved choice (MLOPS_SEED_DEMO, else seeded on the embedded warehouse only), read once at setup.
        if (!startup.SeedDemo) return;
        var artifact = Path.Combine(ArtifactDirectory, "model.tar.gz");
        if (!File.Exists(artifact))
        {
            log.NoDemoModel(artifact);
            return;
        }
        await using var scope = services.CreateAsyncScope();
        using var system = JobIdentity.ActAs(new PortalPrincipal("demo", Role.Admin));
        var registry = scope.ServiceProvider.GetRequiredService<RegistryService>();
        if ((await registry.ListModelsAsync(ct: cancellationToken)).Count > 0) return;
        try
        {
            // The shipped artifact is read here and uploaded: server-path imports are only for Registry:AllowedPathRoots.
            await using var content = File.OpenRead(artifact);
            await registry.ImportVersionAsync(new ImportVersionRequest(
                Model, "V1",
                Upload: new ArtifactUpload(content, Path.GetFileName(artifact)),
                Comment: "XGBClassifier(eval_metric='logloss') trained in SageMaker (XGBoost 1.7-1 container) on the lab's one-hot encoded data.",
                Features: (await File.ReadAllLinesAsync(Path.Combine(ArtifactDirectory, "feature_names.txt"), cancellationToken)).Where(l => l.Length > 0).ToList(),
                Tags: new Dictionary<string, string>
                {
                    ["MODEL_STAGE_TAG"] = "PROD",
                    ["MODEL_PURPOSE_TAG"] = "Predict the response to a mortgage offer",
                    ["SOURCE"] = "SageMaker",
                    ["PROJECT"] = "COLLEGE_AI_HOL",
                },
                ModelComment: "Mortgage response classifier migrated from SageMaker",
                MappingTable: Source,
                Metrics: await LabMetricsAsync(cancellationToken)), cancellationToken);
            // V1 is the model the lab migrates out of production (tagged PROD): it holds the PRODUCTION alias until the
            // user promotes V2 (lab phase 3), so the Overview shows it from the first start.
            await registry.SetAliasAsync(Model, "PRODUCTION", "V1", "the model in production, migrated from SageMaker", cancellationToken);
            var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
            var runs = new List<Guid>();
            for (var week = 1; week <= 5; week++)
                runs.Add(await scoring.StartAsync(Week(week, FirstWeeksOutput, week == 1 ? WriteMode.Overwrite : WriteMode.Append), cancellationToken));
            runs.Add(await scoring.StartAsync(new ScoringRunSpec { Model = Model, Version = "V1", Source = Source, Output = AllWeeksOutput }, cancellationToken));
            log.DemoModelRegistered(Model);
            // Not awaited: the portal starts serving while the runs score; the monitor follows when they end.
            _monitorSeeding = Task.Run(() => SeedMonitorAsync(runs), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.StoryNotSeeded(ex);
        }
    }

    /// <summary>
    /// The metrics the lab logs with V1 (accuracy, f1_score, classification_report, confusion_matrix, …), computed on the
    /// lab's SageMaker test split by data/demo/make_v1_metrics.py and stated as such in their <c>evaluated_on</c>.
    /// </summary>
    public static async Task<System.Text.Json.Nodes.JsonObject?> LabMetricsAsync(CancellationToken ct)
    {
        var path = Path.Combine(ArtifactDirectory, "metrics.json");
        if (!File.Exists(path)) return null;
        await using var json = File.OpenRead(path);
        return await System.Text.Json.Nodes.JsonNode.ParseAsync(json, cancellationToken: ct) as System.Text.Json.Nodes.JsonObject;
    }

    private static ScoringRunSpec Week(int week, string output, WriteMode mode) => new()
    {
        Model = Model, Version = "V1", Source = Source, Output = output, Mode = mode,
        Filter = [new FilterCondition("WEEK", "=", week.ToString(CultureInfo.InvariantCulture))],
    };

    private async Task SeedMonitorAsync(IReadOnlyList<Guid> runs)
    {
        try
        {
            await monitorSeeder.SeedWhenScoredAsync(runs, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The portal stopped first; a later start does not reseed (the registry is no longer empty).
        }
        catch (Exception ex)
        {
            log.MonitorNotSeeded(ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _monitorSeeding.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();
}

/// <summary><see cref="DemoStorySeeder"/>'s log lines (source-generated).</summary>
internal static partial class DemoStorySeederLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "No demo model at {Path}; the registry starts empty")]
    public static partial void NoDemoModel(this ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered the demo model {Model} V1 and queued the lab's phase 1 scoring runs")]
    public static partial void DemoModelRegistered(this ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo story could not be seeded; the portal starts without it")]
    public static partial void StoryNotSeeded(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo monitor could not be seeded; the portal runs without it")]
    public static partial void MonitorNotSeeded(this ILogger logger, Exception exception);
}
