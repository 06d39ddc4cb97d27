using System.Globalization;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// A version's metrics computed on a labelled table (the import wizard's "compute on a table"): every row is scored in
/// memory with the version's own preprocessing, compared with the label, and nothing but the version's metrics is written.
/// </summary>
public sealed class VersionEvaluator(IWarehouse warehouse, RegistryService registry, ModelCache models, ICurrentUser currentUser)
{
    public sealed record Request(string Model, string Version, string Table, string LabelColumn, IReadOnlyList<FilterCondition>? Filter = null, double Threshold = 0.5);

    /// <summary>Computes the metrics; throws naming the table or label column when they do not fit.</summary>
    public async Task<JsonObject> EvaluateAsync(Request request, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "compute version metrics");
        var version = await registry.GetVersionAsync(request.Model, request.Version, ct);
        var table = await warehouse.DescribeTableAsync(request.Table, ct) ?? throw new PortalNotFoundException($"There is no table named {request.Table}.");
        var label = table.Column(request.LabelColumn)
            ?? throw new PortalValidationException($"The label column {request.LabelColumn} is not in {table.Name}; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        var spec = new ScoringRunSpec
        {
            Model = request.Model, Version = version.Name, Source = table.Name, Output = "EVALUATION_ONLY", KeepColumns = [label.Name],
            Filter = request.Filter ?? [], Threshold = request.Threshold,
        };
        var plan = await ScoringPlan.CreateAsync(warehouse, spec, version, ct);
        var predictor = new Predictor(await models.GetAsync(registry, version, ct));

        var actual = new List<bool>();
        var scores = new List<float>();
        await foreach (var batch in warehouse.StreamAsync(plan.FeatureSelect(warehouse.Dialect), plan.Parameters, ct: ct))
        {
            // Unlabelled rows do not count, as in the monitors.
            var labelled = batch.Rows.Where(row => row[0] is not null).ToList();
            foreach (var row in labelled)
            {
                var value = Convert.ToInt32(row[0], CultureInfo.InvariantCulture);
                if (value is not (0 or 1))
                    throw new PortalValidationException($"The label column {label.Name} holds {value}; a binary label must be 0 or 1.");
                actual.Add(value == 1);
            }
            scores.AddRange(predictor.PredictProbabilities(plan.Inputs(labelled)));
        }

        if (actual.Count == 0)
            throw new PortalValidationException($"No labelled rows in {table.Name}{(spec.Filter.Count > 0 ? " under the filter" : "")}: nothing to evaluate on.");
        var metrics = ModelEvaluation.Compute(version.Name, actual.ToArray(), scores.ToArray(), request.Threshold).ToRegistryMetrics();
        metrics["evaluated_on"] = new JsonObject { ["table"] = table.Name, ["label"] = label.Name, ["rows"] = actual.Count, ["threshold"] = request.Threshold };
        return metrics;
    }

    /// <summary>Computes the metrics and stores them on the version (replacing what it had).</summary>
    public async Task<JsonObject> EvaluateAndStoreAsync(Request request, CancellationToken ct = default)
    {
        var metrics = await EvaluateAsync(request, ct);
        await registry.UpdateVersionAsync(request.Model, request.Version, null, metrics, ct);
        return metrics;
    }
}
