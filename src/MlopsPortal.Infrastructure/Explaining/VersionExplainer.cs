using System.Globalization;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Explaining;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Trees.Explaining;

namespace MlopsPortal.Infrastructure.Explaining;

/// <summary>
/// Explains any version: a reproducible random sample of a table's rows (reservoir sampling with the given seed), the
/// version's own preprocessing, then exact-path TreeSHAP from the engine. Nothing is written.
/// </summary>
public sealed class VersionExplainer(IWarehouse warehouse, RegistryService registry, ModelCache models, ICurrentUser currentUser)
{
    public async Task<ShapExplanation> ExplainAsync(ExplainRequest request, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "explain models");
        request.Validate();
        var version = await registry.GetVersionAsync(request.Model, request.VersionOrAlias, ct);
        var spec = new ScoringRunSpec
        {
            Model = request.Model, Version = version.Name, Source = request.Table, Output = "EXPLANATION_ONLY",
            KeepColumns = request.LabelColumns ?? [], Filter = request.Filter ?? [],
        };
        var plan = await ScoringPlan.CreateAsync(warehouse, spec, version, ct);
        var ensemble = await models.GetAsync(registry, version, ct);

        var (sample, scanned) = await SampleAsync(plan, request, ct);
        var kept = plan.Kept.Count;
        var features = plan.Features.Expressions.Count;
        var input = plan.Inputs(sample);

        var explainer = new TreeShapExplainer(ensemble);
        var shap = explainer.Explain(input);
        var cols = explainer.Columns;
        var contributions = new List<double[]>(sample.Count);
        var bias = new List<double>(sample.Count);
        var values = new List<float[]>(sample.Count);
        for (var r = 0; r < sample.Count; r++)
        {
            contributions.Add(Enumerable.Range(0, features).Select(f => (double)shap[(r * cols) + f]).ToArray());
            bias.Add(shap[(r * cols) + features]);
            values.Add(input.AsSpan(r * features, features).ToArray());
        }

        var labels = sample.Select((row, i) => kept == 0 ? $"row {i + 1}" : string.Join(" · ", row.Take(kept).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
        return new ShapExplanation(version.Model, version.Name, plan.Source.Name, request.Seed, scanned, version.Signature.Select(s => s.Name).ToList(),
            values, contributions, bias, labels);
    }

    /// <summary>Algorithm R: every row has the same chance to be kept, and the same seed keeps the same rows.</summary>
    private async Task<(List<object?[]> Rows, long Scanned)> SampleAsync(ScoringPlan plan, ExplainRequest request, CancellationToken ct)
    {
        var random = new Random(request.Seed);
        var reservoir = new List<object?[]>(request.Sample);
        long seen = 0;
        await foreach (var batch in warehouse.StreamAsync(plan.FeatureSelect(warehouse.Dialect), plan.Parameters, ct: ct))
        {
            foreach (var row in batch.Rows)
            {
                seen++;
                if (reservoir.Count < request.Sample)
                    reservoir.Add(row);
                else if (random.NextInt64(seen) is var j && j < request.Sample)
                    reservoir[(int)j] = row;
            }
        }
        if (reservoir.Count == 0)
            throw new PortalValidationException($"{plan.Source.Name} has no rows{(plan.Spec.Filter.Count > 0 ? " under the filter" : "")} to explain.");
        return (reservoir, seen);
    }
}
