using System.Text.Json.Nodes;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Core.Registry;

/// <summary>Persistence of the registry. Every write appends its audit row in the same transaction.</summary>
public interface IRegistryStore
{
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken ct = default);

    Task<RegisteredModel?> GetModelAsync(string model, CancellationToken ct = default);

    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken ct = default);

    Task<ModelVersion?> GetVersionAsync(string model, string version, CancellationToken ct = default);

    /// <summary>Adds a version, creating the model first when it does not exist. A duplicate version name fails and changes nothing.</summary>
    Task AddVersionAsync(NewModelVersion request, CancellationToken ct = default);

    Task UpdateModelAsync(string model, string? comment, IReadOnlyDictionary<string, string>? tags, string user, CancellationToken ct = default);

    Task UpdateVersionAsync(string model, string version, string? comment, JsonObject? metrics, string user, CancellationToken ct = default);

    /// <summary>
    /// Replaces the version's metrics with <paramref name="change"/> applied to them as stored inside the write (applied
    /// again on fresh reads when another writer won), so two concurrent changes (two evaluations) both land.
    /// </summary>
    Task UpdateVersionMetricsAsync(string model, string version, Func<JsonObject, JsonObject> change, string user, CancellationToken ct = default);

    /// <summary>Sets, moves or (with a null target) unsets an alias in one transaction, with its audit row(s).</summary>
    Task<AliasChange> ChangeAliasAsync(AliasChangeRequest request, CancellationToken ct = default);

    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string model, CancellationToken ct = default);
}

/// <param name="ModelComment">Used only when the model is created by this version.</param>
public sealed record NewModelVersion(
    ModelVersion Version,
    string? ModelComment,
    IReadOnlyDictionary<string, string> ModelTags);

/// <param name="TargetVersion">Null unsets the alias.</param>
/// <param name="CallerRole">Checked again inside the transaction when the target carries another alias that would be displaced.</param>
public sealed record AliasChangeRequest(
    string Model,
    string Alias,
    string? TargetVersion,
    string User,
    Role CallerRole,
    string? Reason,
    string? Action = null);
