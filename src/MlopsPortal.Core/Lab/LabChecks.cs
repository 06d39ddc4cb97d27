namespace MlopsPortal.Core.Lab;

/// <summary>One of the lab's completion checks (docs/lab-workflow.md), as the portal evaluates it now.</summary>
/// <param name="Available">False when the part of the portal the check reads is not built yet.</param>
public sealed record LabCheckResult(string Id, string Description, bool Holds, string Actual, string Expected, bool Available = true);

/// <summary>What the checks read. A null answer means that part of the portal is not available yet.</summary>
public interface ILabFacts
{
    Task<IReadOnlyList<string>?> ModelNamesAsync(CancellationToken ct);
    Task<IReadOnlyList<string>?> VersionNamesAsync(string model, CancellationToken ct);
    Task<string?> AliasHolderAsync(string model, string aliasName, CancellationToken ct);
    Task<bool> AliasesAvailableAsync(CancellationToken ct);
    Task<long?> RowsWhereAsync(string table, string column, long value, CancellationToken ct);
    Task<int?> MonitorCountAsync(string name, CancellationToken ct);
}

/// <summary>The five checks SEAI50–54 of the lab, restated for the portal (docs/lab-workflow.md).</summary>
public sealed class LabChecks(ILabFacts facts)
{
    public const string ModelName = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    public const string PredictionsTable = "PREDICTIONS_WITH_GROUND_TRUTH";
    public const string MonitorName = "MORTGAGE_MODEL_MONITOR";

    public async Task<IReadOnlyList<LabCheckResult>> EvaluateAsync(CancellationToken ct = default)
    {
        var models = await facts.ModelNamesAsync(ct);
        var model = models?.FirstOrDefault(m => m.Contains(ModelName, StringComparison.OrdinalIgnoreCase));
        var versions = model is null ? null : await facts.VersionNamesAsync(model, ct);
        var week5 = await facts.RowsWhereAsync(PredictionsTable, "WEEK", 5, ct);
        var monitors = await facts.MonitorCountAsync(MonitorName, ct);
        var aliasesAvailable = await facts.AliasesAvailableAsync(ct);
        var production = model is null ? null : await facts.AliasHolderAsync(model, "PRODUCTION", ct);

        return
        [
            models is null
                ? Unavailable("SEAI50", "The registry lists the lab's model", "model registry")
                : new("SEAI50", "The registry lists the lab's model", model is not null,
                    model ?? $"{models.Count} model(s), none named like {ModelName}", $"a model whose name contains {ModelName}"),
            new("SEAI51", $"{PredictionsTable} has rows of week 5", week5 > 0,
                week5 is null ? $"table {PredictionsTable} does not exist" : $"{week5} row(s) with WEEK = 5", "at least one row with WEEK = 5"),
            monitors is null
                ? Unavailable("SEAI52", $"Exactly one monitor {MonitorName}", "monitoring")
                : new("SEAI52", $"Exactly one monitor {MonitorName}", monitors == 1, $"{monitors} monitor(s) named {MonitorName}", "exactly 1"),
            models is null
                ? Unavailable("SEAI53", "The model has a version V2", "model registry")
                : new("SEAI53", "The model has a version V2", versions?.Contains("V2", StringComparer.OrdinalIgnoreCase) == true,
                    versions is null ? "no lab model yet" : $"versions: {(versions.Count == 0 ? "none" : string.Join(", ", versions))}", "a version V2"),
            !aliasesAvailable
                ? Unavailable("SEAI54", "V2 carries the alias PRODUCTION", "model registry")
                : new("SEAI54", "V2 carries the alias PRODUCTION", string.Equals(production, "V2", StringComparison.OrdinalIgnoreCase),
                    production is null ? "no version holds PRODUCTION" : $"PRODUCTION is on {production}", "PRODUCTION on V2"),
        ];
    }

    private static LabCheckResult Unavailable(string id, string description, string feature) =>
        new(id, description, false, $"the {feature} is not built yet", "", Available: false);
}
