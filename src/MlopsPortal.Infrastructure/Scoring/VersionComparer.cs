using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// The compare view's "evaluate on the same rows": each version is evaluated by <see cref="VersionEvaluator"/> on one
/// table, label, filter and threshold, the evaluation is stored on the version (its metrics' <c>evaluations</c>, beside
/// what it was registered with), and the versions are put side by side with deltas (docs/metrics.md).
/// </summary>
public sealed class VersionComparer(VersionEvaluator evaluator, RegistryService registry, ICurrentUser currentUser, TimeProvider clock)
{
    public sealed record Request(string Model, IReadOnlyList<string> Versions, string Table, string LabelColumn, IReadOnlyList<FilterCondition>? Filter = null, double Threshold = 0.5);

    /// <summary>Evaluates every version on the same rows, stores each evaluation, and compares them (the first is the reference).</summary>
    public async Task<VersionComparison> EvaluateAsync(Request request, CancellationToken ct = default)
    {
        UserTables.RefuseReserved(request); // the page calls this service directly, past the API's filter
        var me = await currentUser.RequireAsync(Role.DataScientist, "evaluate versions");
        var versions = await ResolveAsync(request.Model, request.Versions, ct);
        if (string.IsNullOrWhiteSpace(request.Table) || string.IsNullOrWhiteSpace(request.LabelColumn))
            throw new PortalValidationException("Give the table to evaluate on and its label column (0/1).");

        // Every version is evaluated before anything is stored: a version that cannot score the table changes nothing.
        var computed = new List<(ModelVersion Version, System.Text.Json.Nodes.JsonObject Metrics)>();
        foreach (var version in versions)
        {
            try
            {
                computed.Add((version, await evaluator.EvaluateAsync(
                    new VersionEvaluator.Request(request.Model, version.Name, request.Table, request.LabelColumn, request.Filter, request.Threshold), ct)));
            }
            catch (PortalValidationException ex)
            {
                throw new PortalValidationException($"{version.Name} cannot be evaluated on {request.Table}: {ex.Message}");
            }
        }

        var at = clock.GetUtcNow().UtcDateTime;
        var evaluations = new List<StoredEvaluation>();
        foreach (var (version, metrics) in computed)
        {
            var rows = metrics["evaluated_on"]?["rows"]?.GetValue<int>() ?? 0;
            var basis = new EvaluationBasis(
                metrics["evaluated_on"]?["table"]?.GetValue<string>() ?? request.Table,
                metrics["evaluated_on"]?["label"]?.GetValue<string>() ?? request.LabelColumn,
                request.Filter ?? [], request.Threshold);
            var evaluation = new StoredEvaluation(version.Name, basis, rows, at, me.UserName, metrics);
            // Appended to the metrics as stored when written: another evaluation may have landed since they were read.
            await registry.AddEvaluationAsync(request.Model, version.Name, evaluation, ct);
            evaluations.Add(evaluation);
        }
        return VersionComparisons.Compare(versions[0].Model, evaluations);
    }

    /// <summary>The newest stored evaluations the versions share (same table, label, filter and threshold), or null.</summary>
    public async Task<VersionComparison?> LatestAsync(string model, IReadOnlyList<string> versions, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read the registry");
        var resolved = await ResolveAsync(model, versions, ct);
        var shared = VersionComparisons.LatestShared(resolved);
        return shared is null ? null : VersionComparisons.Compare(resolved[0].Model, shared);
    }

    private async Task<IReadOnlyList<ModelVersion>> ResolveAsync(string model, IReadOnlyList<string> names, CancellationToken ct)
    {
        var distinct = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count < 2)
            throw new PortalValidationException($"Pick two or more versions of {model} to compare (given: {(distinct.Count == 0 ? "none" : distinct[0])}).");
        var versions = new List<ModelVersion>();
        foreach (var name in distinct)
            versions.Add(await registry.GetVersionAsync(model, name, ct));
        return versions;
    }
}
