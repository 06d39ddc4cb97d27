using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Core.Registry;

/// <summary>
/// The registry's application service, used by pages, the API and jobs alike. Viewers read; data scientists import,
/// edit and set aliases other than PRODUCTION; only admins set, move or unset PRODUCTION. Every change is audited.
/// </summary>
public sealed partial class RegistryService(
    IRegistryStore store,
    IArtifactStore artifacts,
    IModelArtifactReader reader,
    IArtifactFetcher fetcher,
    ICurrentUser currentUser,
    TimeProvider? time = null,
    FeatureMappingService? mapping = null,
    IAliasBindingCheck? bindings = null)
{
    public const long MaxArtifactBytes = 512L * 1024 * 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Models whose name, a tag (key or value) or an alias contains <paramref name="search"/>.</summary>
    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string? search = null, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "list models");
        var models = await store.ListModelsAsync(ct);
        if (string.IsNullOrWhiteSpace(search))
            return models;
        var s = search.Trim();
        return models.Where(m => Matches(m, s)).ToList();
    }

    private static bool Matches(RegisteredModel m, string s) =>
        m.Name.Contains(s, StringComparison.OrdinalIgnoreCase)
        || m.Tags.Any(t => t.Key.Contains(s, StringComparison.OrdinalIgnoreCase) || t.Value.Contains(s, StringComparison.OrdinalIgnoreCase))
        || m.Aliases.Keys.Any(a => !AliasRules.IsSystem(a) && a.Contains(s, StringComparison.OrdinalIgnoreCase));

    public async Task<RegisteredModel> GetModelAsync(string model, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read models");
        return await RequireModelAsync(model, ct);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read models");
        var m = await RequireModelAsync(model, ct);
        return await store.ListVersionsAsync(m.Name, ct);
    }

    /// <summary>A version by name or by alias (user aliases and DEFAULT, FIRST, LAST).</summary>
    public async Task<ModelVersion> GetVersionAsync(string model, string versionOrAlias, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read models");
        var name = await ResolveAsync(model, versionOrAlias, ct);
        return await store.GetVersionAsync(RegistryNames.Canonical(model, "model"), name, ct)
            ?? throw new PortalNotFoundException($"Model {model} has no version {versionOrAlias}.");
    }

    /// <summary>The version name a version name or alias stands for; 404 naming what is unknown.</summary>
    public async Task<string> ResolveAsync(string model, string versionOrAlias, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read models");
        var m = await RequireModelAsync(model, ct);
        var key = RegistryNames.Canonical(versionOrAlias, "version or alias");
        if (m.Versions.Contains(key))
            return key;
        return m.Aliases.TryGetValue(key, out var version)
            ? version
            : throw new PortalNotFoundException($"Model {m.Name} has no version or alias {key} (versions: {string.Join(", ", m.Versions)}).");
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string model, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read the audit log");
        var m = await RequireModelAsync(model, ct);
        return await store.GetAuditAsync(m.Name, ct);
    }

    /// <summary>The original artifact bytes of a version.</summary>
    public async Task<(Stream Content, string FileName)> OpenArtifactAsync(string model, string versionOrAlias, CancellationToken ct = default)
    {
        var version = await GetVersionAsync(model, versionOrAlias, ct);
        return (await artifacts.OpenAsync(version.Source.Sha256, ct), version.Source.FileName);
    }

    /// <summary>The version's model converted to XGBoost JSON, with the signature's feature names.</summary>
    public async Task<(Stream Content, string FileName)> OpenArtifactAsXgboostJsonAsync(string model, string versionOrAlias, CancellationToken ct = default)
    {
        var version = await GetVersionAsync(model, versionOrAlias, ct);
        using var original = await artifacts.OpenAsync(version.Source.Sha256, ct);
        using var buffer = new MemoryStream();
        await original.CopyToAsync(buffer, ct);
        var json = reader.ToXgboostJson(buffer.ToArray(), version.Signature.Select(f => f.Name).ToList());
        return (new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), $"{version.Model}_{version.Name}.json");
    }

    public async Task UpdateModelAsync(string model, string? comment, IReadOnlyDictionary<string, string>? tags, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "edit models");
        var m = await RequireModelAsync(model, ct);
        await store.UpdateModelAsync(m.Name, comment, tags is null ? null : RegistryNames.Tags(tags), user.UserName, ct);
    }

    public async Task UpdateVersionAsync(string model, string version, string? comment, JsonObject? metrics, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "edit versions");
        var v = await GetVersionAsync(model, version, ct);
        await store.UpdateVersionAsync(v.Model, v.Name, comment, metrics, user.UserName, ct);
    }

    /// <summary>
    /// Appends <paramref name="evaluation"/> to the version's stored evaluations. The append is applied to the metrics as
    /// stored at the write, not as read earlier, so concurrent evaluations of one version are all kept.
    /// </summary>
    public async Task AddEvaluationAsync(string model, string version, StoredEvaluation evaluation, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "edit versions");
        var v = await GetVersionAsync(model, version, ct);
        await store.UpdateVersionMetricsAsync(v.Model, v.Name, metrics => VersionComparisons.WithEvaluation(metrics, evaluation), user.UserName, ct);
    }

    /// <summary>Sets or moves <paramref name="alias"/> onto <paramref name="version"/> atomically.</summary>
    /// <remarks>
    /// A move to a version whose input signature differs (or that would break an alias-bound schedule) is refused with
    /// <see cref="AliasMoveUnconfirmedException"/> unless <paramref name="confirmed"/>; nothing is written then.
    /// </remarks>
    public async Task<AliasChange> SetAliasAsync(string model, string alias, string version, string? reason, bool confirmed, CancellationToken ct = default)
    {
        var check = await CheckAliasMoveAsync(model, alias, version, ct);
        if (check.NeedsConfirmation && !confirmed)
            throw new AliasMoveUnconfirmedException(check);
        var user = await currentUser.RequireAsync(AliasRules.RequiredRole(check.Alias), $"set the alias {check.Alias}");
        return await store.ChangeAliasAsync(new AliasChangeRequest(check.Model, check.Alias, check.To, user.UserName, user.Role, Reason(reason)), ct);
    }

    /// <summary>Sets or moves an alias; refused when the move needs a confirmation (see the overload with <c>confirmed</c>).</summary>
    public Task<AliasChange> SetAliasAsync(string model, string alias, string version, string? reason, CancellationToken ct = default) =>
        SetAliasAsync(model, alias, version, reason, confirmed: false, ct);

    /// <summary>
    /// What moving <paramref name="alias"/> to <paramref name="version"/> would change: the input-signature differences
    /// from the version holding it now (none when it holds none) and the alias-bound schedules that would break.
    /// Checks the caller may set the alias; writes nothing.
    /// </summary>
    public async Task<AliasMoveCheck> CheckAliasMoveAsync(string model, string alias, string version, CancellationToken ct = default)
    {
        var name = AliasRules.ValidateUserAlias(alias);
        await currentUser.RequireAsync(AliasRules.RequiredRole(name), $"set the alias {name}");
        var m = await RequireModelAsync(model, ct);
        var target = RegistryNames.Canonical(version, "version");
        if (!m.Versions.Contains(target))
            throw new PortalNotFoundException($"Model {m.Name} has no version {target} (versions: {string.Join(", ", m.Versions)}).");
        // An alias freed on the way is compared with its last holder: the lab first marks V1 DECOMMISSIONED (which takes
        // PRODUCTION off it, a version holding one alias) and then puts PRODUCTION on V2, whose inputs differ.
        var from = m.Aliases.TryGetValue(name, out var current) ? current : await LastHolderAsync(m.Name, name, ct);
        if (from is null || from == target)
            return new AliasMoveCheck(m.Name, name, from, target, SignatureChange.None, []);
        var to = await store.GetVersionAsync(m.Name, target, ct)
            ?? throw new PortalNotFoundException($"Model {m.Name} has no version {target}.");
        var old = await store.GetVersionAsync(m.Name, from, ct);
        var changes = old is null ? SignatureChange.None : InputSignature.Compare(old.Preprocessing, to.Preprocessing);
        var impacts = bindings is null ? [] : await bindings.CheckAsync(m.Name, name, to, ct);
        return new AliasMoveCheck(m.Name, name, from, target, changes, impacts);
    }

    private async Task<string?> LastHolderAsync(string model, string alias, CancellationToken ct) =>
        (await store.GetAuditAsync(model, ct))
            .Where(a => a.To is not null && AuditActions.IsAliasChange(a.Action) && string.Equals(a.Alias, alias, StringComparison.OrdinalIgnoreCase))
            .MaxBy(a => a.Seq)?.To;

    public async Task<AliasChange> UnsetAliasAsync(string model, string alias, string? reason = null, CancellationToken ct = default)
    {
        var name = AliasRules.ValidateUserAlias(alias);
        var user = await currentUser.RequireAsync(AliasRules.RequiredRole(name), $"unset the alias {name}");
        var m = await RequireModelAsync(model, ct);
        return await store.ChangeAliasAsync(new AliasChangeRequest(m.Name, name, null, user.UserName, user.Role, Reason(reason)), ct);
    }

    /// <summary>Moves the alias of audit entry <paramref name="seq"/> back to the version that held it before (unsets it when none did).</summary>
    public async Task<AliasChange> RollbackAsync(string model, long seq, string? reason = null, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "roll back an alias");
        var m = await RequireModelAsync(model, ct);
        var entry = (await store.GetAuditAsync(m.Name, ct)).FirstOrDefault(e => e.Seq == seq)
            ?? throw new PortalNotFoundException($"Model {m.Name} has no audit entry #{seq}.");
        if (!entry.CanRollback)
            throw new PortalValidationException($"Audit entry #{seq} ({entry.Action}) is not an alias change; only alias changes roll back.");
        var user = await currentUser.RequireAsync(AliasRules.RequiredRole(entry.Alias!), $"roll back the alias {entry.Alias}");
        if (entry.From is not null && !m.Versions.Contains(entry.From))
            throw new PortalNotFoundException($"Version {entry.From} of {m.Name} no longer exists.");
        var why = Reason(reason) ?? $"rollback of #{seq}";
        return await store.ChangeAliasAsync(
            new AliasChangeRequest(m.Name, entry.Alias!, entry.From, user.UserName, user.Role, why, AuditActions.Rollback), ct);
    }

    private async Task<RegisteredModel> RequireModelAsync(string model, CancellationToken ct)
    {
        var name = RegistryNames.Canonical(model, "model");
        return await store.GetModelAsync(name, ct) ?? throw new PortalNotFoundException($"There is no model {name}.");
    }

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
