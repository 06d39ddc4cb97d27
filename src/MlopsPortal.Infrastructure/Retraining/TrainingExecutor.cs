using MlopsPortal.Core.Scoring;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Training;
using MlopsPortal.Trees.Writing;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>
/// Runs one training run: reads the labelled rows, splits them, trains (ML.NET LightGBM, FastTree fallback), converts
/// to the engine's ensemble, evaluates the new model and the model's PRODUCTION version on the same test rows,
/// registers the new version (XGBoost JSON artifact, metrics, lineage; not promoted) and stores the result.
/// A retried run finds its own version already registered (lineage names the run) and does not register it twice.
/// </summary>
public sealed class TrainingExecutor(
    IWarehouse warehouse, RegistryService registry, TrainingRunStore runs, ModelCache models, FeatureViewTrainingLineage? featureViews = null)
{
    public async Task<string?> ExecuteAsync(Guid runId, IJobProgress progress, CancellationToken ct)
    {
        var (run, by) = await runs.GetAsync(runId, ct) ?? throw new PortalNotFoundException($"There is no training run {runId}.");
        using var actAs = JobIdentity.ActAs(by);
        var spec = run.Spec;
        var (table, features, label) = await TrainingColumnsReader.ResolveAsync(warehouse, spec, ct);
        var versionName = RegistryNames.Canonical(spec.Version, "version");
        var existing = await ExistingVersionAsync(spec.Model, versionName, ct);
        if (existing is not null && !MadeBy(existing, runId))
            throw new PortalValidationException($"Model {existing.Model} already has a version {versionName}.");

        var (production, projection, note) = await ProductionAsync(spec.Model, table, ct);
        await progress.ReportAsync(0.02, $"reading {table.Name}");
        var data = await TrainingSet.ReadAsync(warehouse, table, features, label, projection, spec.PredictionKeepColumns, table.Rows,
            n => progress.ReportAsync(0.02 + 0.2 * n / Math.Max(1, table.Rows), $"{n:N0} rows read"), ct);
        var (trainIdx, testIdx) = TrainTestSplit.Split(data.Labels, spec.TestRatio, spec.Seed, spec.Stratified);
        if (testIdx.Length == 0 || trainIdx.Length == 0)
            throw new PortalValidationException($"{table.Name} has {data.Count} labelled rows: too few to split into training and test rows.");

        int nf = features.Count;
        var train = new TrainingData(TrainingSet.Take(data.Features, nf, trainIdx), trainIdx.Select(i => data.Labels[i]).ToArray(), features);
        await progress.ReportAsync(0.25, $"training on {train.Count:N0} rows");
        TrainedModel trained;
        try
        {
            // ML.NET's Fit cannot be interrupted; a cancel stops waiting for it and the job ends as cancelled.
            trained = await Task.Run(() => EnsembleTrainer.Train(train, Parameters(spec)), CancellationToken.None).WaitAsync(ct);
        }
        catch (ArgumentException e)
        {
            throw new PortalValidationException(e.Message);
        }

        await progress.ReportAsync(0.8, "evaluating on the test split");
        var testLabels = testIdx.Select(i => data.Labels[i]).ToArray();
        var newScores = new Predictor(trained.Ensemble).PredictProbabilities(TrainingSet.Take(data.Features, nf, testIdx));
        var newEval = ModelEvaluation.Compute(versionName, testLabels, newScores);
        ModelEvaluation? prodEval = null;
        if (production is not null && projection is not null)
        {
            var ensemble = await models.GetAsync(registry, production, ct);
            var prodScores = new Predictor(ensemble).PredictProbabilities(TrainingSet.Take(data.ProductionFeatures!, projection.Expressions.Count, testIdx));
            prodEval = ModelEvaluation.Compute(production.Name, testLabels, prodScores);
        }

        ct.ThrowIfCancellationRequested();
        await progress.ReportAsync(0.9, $"registering {versionName}");
        if (existing is null)
        {
            await RegisterAsync(runId, spec, versionName, trained, newEval, table.Name, ct);
            if (featureViews is not null && spec.Lineage?.FeatureView is { } view)
                await featureViews.RecordAsync(view, spec.Lineage.FeatureViewVersion, RegistryNames.Canonical(spec.Model, "model"), versionName, table.Name, ct);
        }
        string? predictions = null;
        if (spec.PredictionsTable is { Length: > 0 } output)
        {
            await progress.ReportAsync(0.95, $"writing {output}");
            predictions = await PredictionsTable.WriteAsync(warehouse, runId, output, table, spec, label.Name, versionName,
                testIdx, testLabels, newScores, data.Kept, ct);
        }

        var result = new TrainingResult(
            trained.TrainerName, trained.FallbackReason, features,
            trainIdx.Length, testIdx.Length, Math.Max(0, table.Rows - data.Count), trained.TrainingTime.TotalSeconds, versionName,
            newEval, production?.Name, prodEval, note, predictions);
        await runs.RecordResultAsync(runId, result, CancellationToken.None);
        var versus = prodEval is null ? "" : $" (PRODUCTION {production!.Name}: {prodEval.F1Score:F3})";
        return $"{spec.Model} {versionName} registered: F1 {newEval.F1Score:F3}{versus}, trained by {result.Trainer} in {result.TrainingSeconds:F1} s";
    }

    public static TrainerParameters Parameters(TrainingRunSpec spec) => new()
    {
        NTrees = spec.NTrees, MaxDepth = spec.MaxDepth, LearningRate = spec.LearningRate, MinChildWeight = spec.MinChildWeight,
        Subsample = spec.Subsample, Seed = spec.Seed, Threads = spec.Threads,
        Trainer = spec.Trainer switch { "lightgbm" => TrainerKind.LightGbm, "fasttree" => TrainerKind.FastTree, _ => TrainerKind.Auto },
    };

    private async Task<ModelVersion?> ExistingVersionAsync(string model, string version, CancellationToken ct)
    {
        var models0 = await registry.ListModelsAsync(ct: ct);
        var m = models0.FirstOrDefault(x => string.Equals(x.Name, RegistryNames.Canonical(model, "model"), StringComparison.Ordinal));
        return m is not null && m.Versions.Contains(version) ? await registry.GetVersionAsync(m.Name, version, ct) : null;
    }

    private static bool MadeBy(ModelVersion version, Guid runId) =>
        version.Metrics["lineage"] is JsonObject l && l["training_run"]?.GetValue<string>() == runId.ToString();

    /// <summary>The model's PRODUCTION version and its features over the training table, or a note saying why it is not compared.</summary>
    private async Task<(ModelVersion? Version, FeatureProjection? Projection, string? Note)> ProductionAsync(string model, TableInfo table, CancellationToken ct)
    {
        var name = RegistryNames.Canonical(model, "model");
        var m = (await registry.ListModelsAsync(ct: ct)).FirstOrDefault(x => x.Name == name);
        if (m is null || !m.Aliases.ContainsKey(AliasRules.Production))
            return (null, null, m is null ? $"{name} is a new model: there is no PRODUCTION version to compare with." : $"{name} has no PRODUCTION version to compare with.");
        var version = await registry.GetVersionAsync(name, AliasRules.Production, ct);
        try
        {
            return (version, FeatureProjection.Build(version.Preprocessing, table, warehouse.Dialect), null);
        }
        catch (PortalValidationException e)
        {
            return (null, null, $"PRODUCTION ({version.Name}) cannot be evaluated on {table.Name}: {e.Message}");
        }
    }

    private async Task RegisterAsync(Guid runId, TrainingRunSpec spec, string version, TrainedModel trained, ModelEvaluation eval, string table, CancellationToken ct)
    {
        var metrics = eval.ToRegistryMetrics();
        metrics["trainer"] = trained.TrainerName;
        // Stated as the holdout they were computed on (the compare view shows it next to V1's SageMaker test split).
        metrics["evaluated_on"] = new JsonObject
        {
            ["table"] = table, ["label"] = spec.Label, ["rows"] = eval.Rows, ["threshold"] = 0.5,
            ["split"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"holdout {spec.TestRatio * 100:0.#}% of {table}, seed {spec.Seed}{(spec.Stratified ? ", stratified" : "")}"),
        };
        var recipeNode = spec.Lineage?.RecipeJson is { Length: > 0 } recipe ? TryParse(recipe)
            : featureViews is not null && spec.Lineage?.FeatureView is { } view ? await featureViews.RecipeOfAsync(view, spec.Lineage.FeatureViewVersion, ct) : null;
        metrics["lineage"] = new JsonObject
        {
            ["training_run"] = runId.ToString(),
            ["training_table"] = table,
            ["feature_view"] = spec.Lineage?.FeatureView,
            ["feature_view_version"] = spec.Lineage?.FeatureViewVersion,
            ["recipe"] = recipeNode?.DeepClone(),
            ["label"] = spec.Label,
            ["split"] = new JsonObject { ["test_ratio"] = spec.TestRatio, ["seed"] = spec.Seed, ["stratified"] = spec.Stratified },
            ["params"] = JsonSerializer.SerializeToNode(Parameters(spec), TrainingRunStore.Json),
        };
        var json = XgboostJsonWriter.ToJson(trained.Ensemble);
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        await registry.ImportVersionAsync(new ImportVersionRequest(
            spec.Model, version,
            Upload: new ArtifactUpload(content, $"{RegistryNames.Canonical(spec.Model, "model")}_{version}.json"),
            Comment: spec.Comment ?? $"Retrained on {table} ({metrics["trainer"]}, {spec.NTrees} trees, depth {spec.MaxDepth}, learning rate {spec.LearningRate}).",
            Features: trained.Ensemble.FeatureNames!.ToList(),
            Preprocessing: await RecipePreprocessingAsync(recipeNode, trained.Ensemble.FeatureNames!.ToList(), ct),
            Metrics: metrics,
            Origin: new ModelOrigin("Trained", $"training run {runId} on {table}")), ct);
    }

    /// <summary>
    /// The version carries the recipe it was trained through (docs/lab-workflow.md phase 3), with the one-hot levels its
    /// source held, so it scores the same raw tables as its predecessor. Null (identity) when there is no usable recipe.
    /// </summary>
    private async Task<PreprocessingSpec?> RecipePreprocessingAsync(JsonNode? node, IReadOnlyList<string> features, CancellationToken ct)
    {
        RetrainingRecipe? recipe;
        try
        {
            recipe = node is JsonObject ? node.Deserialize<RetrainingRecipe>(JsonSerializerOptions.Web)?.Normalized() : null;
        }
        catch (JsonException)
        {
            return null;
        }
        if (recipe is null || recipe.OneHotColumns.Count + recipe.Rules.Count == 0) return null;
        IReadOnlyDictionary<string, IReadOnlyList<string>>? levels = null;
        try
        {
            levels = await new RecipeRunner(warehouse).LevelsAsync(recipe, ct);
        }
        catch (PortalValidationException)
        {
            // The recipe's source is gone or changed: the levels come from the feature names instead.
        }
        try
        {
            return RecipePreprocessing.Build(recipe, features, levels);
        }
        catch (PortalValidationException)
        {
            return null;
        }
    }

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
