using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>The first rows of a run, scored in memory without writing anything: what the form shows before starting.</summary>
public sealed class ScoringPreview(IWarehouse warehouse, RegistryService registry, ModelCache models, ICurrentUser currentUser)
{
    public sealed record PreviewResult(string VersionUsed, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

    public async Task<PreviewResult> PreviewAsync(ScoringRunSpec spec, int rows = 10, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "preview scoring");
        var version = await registry.GetVersionAsync(spec.Model, spec.VersionOrAlias, ct);
        var plan = await ScoringPlan.CreateAsync(warehouse, spec, version, ct);
        var predictor = new Predictor(await models.GetAsync(registry, version, ct), maxThreads: 1);
        var d = warehouse.Dialect;
        var kept = plan.Kept.Count;
        var result = new List<object?[]>();
        await foreach (var batch in warehouse.StreamAsync($"{plan.FeatureSelect(d)} LIMIT {Math.Clamp(rows, 1, 100)}", plan.Parameters, 100, ct))
        {
            var probabilities = predictor.PredictProbabilities(plan.Inputs(batch.Rows));
            for (var r = 0; r < batch.Rows.Count; r++)
                result.Add([.. batch.Rows[r].Take(kept), (double)probabilities[r], probabilities[r] > spec.Threshold ? 1L : 0L]);
        }
        return new PreviewResult(version.Name, [.. plan.Kept.Select(c => c.Name), spec.ScoreColumn, spec.ClassColumn], result);
    }
}
