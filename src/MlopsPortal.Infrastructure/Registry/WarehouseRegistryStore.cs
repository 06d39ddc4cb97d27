using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Registry.RegistrySchema;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>
/// The registry in warehouse tables (PORTAL_MODELS, PORTAL_MODEL_VERSIONS, PORTAL_MODEL_ALIASES, PORTAL_MODEL_AUDIT).
/// Writes run in one transaction each and are serialized per warehouse (one process owns the embedded file), so an
/// alias always has exactly one holder and audit numbers never collide; the primary keys hold the line besides.
/// </summary>
public sealed partial class WarehouseRegistryStore(IWarehouse warehouse, TimeProvider? time = null) : IRegistryStore
{
    private static readonly ConditionalWeakTable<IWarehouse, SemaphoreSlim> Gates = new();

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ISqlDialect _d = warehouse.Dialect;

    private string T(string table) => _d.QuoteOwn(table);
    private string P(string name) => _d.Parameter(name);

    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken ct = default)
    {
        var models = await warehouse.QueryAsync<ModelRow>($"SELECT * FROM {T(Models)} ORDER BY MODEL_NAME", ct: ct);
        var versions = await warehouse.QueryAsync<VersionRow>($"SELECT MODEL_NAME, VERSION_NAME, SEQ FROM {T(Versions)} ORDER BY MODEL_NAME, SEQ", ct: ct);
        var aliases = await warehouse.QueryAsync<AliasRow>($"SELECT * FROM {T(Aliases)}", ct: ct);
        return models.Select(m => ToModel(m,
            versions.Where(v => v.MODEL_NAME == m.MODEL_NAME).Select(v => v.VERSION_NAME).ToList(),
            aliases.Where(a => a.MODEL_NAME == m.MODEL_NAME))).ToList();
    }

    public async Task<RegisteredModel?> GetModelAsync(string model, CancellationToken ct = default)
    {
        var rows = await warehouse.QueryAsync<ModelRow>($"SELECT * FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", Args(("m", model)), ct);
        if (rows.Count == 0)
            return null;
        var versions = await VersionNamesAsync(model, ct);
        var aliases = await warehouse.QueryAsync<AliasRow>($"SELECT * FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")}", Args(("m", model)), ct);
        return ToModel(rows[0], versions, aliases);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken ct = default)
    {
        var model0 = await GetModelAsync(model, ct);
        if (model0 is null)
            return [];
        var rows = await warehouse.QueryAsync<VersionRow>($"SELECT * FROM {T(Versions)} WHERE MODEL_NAME = {P("m")} ORDER BY SEQ", Args(("m", model)), ct);
        return rows.Select(r => ToVersion(r, model0.Aliases)).ToList();
    }

    public async Task<ModelVersion?> GetVersionAsync(string model, string version, CancellationToken ct = default) =>
        (await ListVersionsAsync(model, ct)).FirstOrDefault(v => v.Name == version);

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string model, CancellationToken ct = default)
    {
        var rows = await warehouse.QueryAsync<AuditRow>($"SELECT * FROM {T(Audit)} WHERE MODEL_NAME = {P("m")} ORDER BY SEQ", Args(("m", model)), ct);
        return rows.Select(ToAudit).ToList();
    }

    private async Task<List<string>> VersionNamesAsync(string model, CancellationToken ct) =>
        (await warehouse.QueryAsync<string>($"SELECT VERSION_NAME FROM {T(Versions)} WHERE MODEL_NAME = {P("m")} ORDER BY SEQ", Args(("m", model)), ct)).ToList();

    /// <summary>Runs a write under the per-warehouse gate, in one transaction.</summary>
    private async Task<TResult> WriteAsync<TResult>(Func<IWarehouseSession, DateTime, Task<TResult>> work, CancellationToken ct)
    {
        var gate = Gates.GetValue(warehouse, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return await warehouse.InTransactionAsync(session => work(session, now), ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<long> AppendAuditAsync(IWarehouseSession s, string model, DateTime at, string user, string action,
        string? alias, string? from, string? to, string? reason, CancellationToken ct)
    {
        var seq = 1 + (await s.ScalarAsync<long?>($"SELECT MAX(SEQ) FROM {T(Audit)} WHERE MODEL_NAME = {P("m")}", Args(("m", model)), ct) ?? 0);
        await s.ExecuteAsync(
            $"INSERT INTO {T(Audit)} (MODEL_NAME, SEQ, CHANGED_AT, USER_NAME, ACTION, ALIAS_NAME, FROM_VERSION, TO_VERSION, REASON) " +
            $"VALUES ({P("m")}, {P("seq")}, {P("at")}, {P("u")}, {P("a")}, {P("alias")}, {P("f")}, {P("t")}, {P("r")})",
            Args(("m", model), ("seq", seq), ("at", at), ("u", user), ("a", action), ("alias", alias), ("f", from), ("t", to), ("r", reason)), ct);
        return seq;
    }

    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static RegisteredModel ToModel(ModelRow m, IReadOnlyList<string> versions, IEnumerable<AliasRow> aliases)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in aliases)
            all[a.ALIAS_NAME] = a.VERSION_NAME;
        foreach (var (alias, version) in AliasRules.SystemAliasesFor(versions, m.DEFAULT_VERSION))
            all[alias] = version;
        return new RegisteredModel(m.MODEL_NAME, m.COMMENT, RegistryJson.Tags(m.TAGS), m.OWNER, Utc(m.CREATED_AT),
            m.DEFAULT_VERSION, versions, all);
    }

    private static ModelVersion ToVersion(VersionRow r, IReadOnlyDictionary<string, string> modelAliases)
    {
        var signature = RegistryJson.Read<List<FeatureSpec>>(r.SIGNATURE, []);
        var held = modelAliases.Where(a => a.Value == r.VERSION_NAME).Select(a => a.Key)
            .OrderBy(a => AliasRules.IsSystem(a)).ThenBy(a => a, StringComparer.Ordinal).ToList();
        return new ModelVersion(r.MODEL_NAME, r.VERSION_NAME, r.COMMENT, RegistryJson.Metrics(r.METRICS), r.TASK, signature,
            RegistryJson.Preprocessing(r.PREPROCESSING, signature),
            new ModelSource(r.SOURCE_KIND, r.SOURCE_URI, r.ARTIFACT_FORMAT, r.ARTIFACT_SHA256, r.ARTIFACT_BYTES, r.ARTIFACT_FILE),
            r.CREATED_BY, Utc(r.CREATED_AT), held);
    }

    private static AuditEntry ToAudit(AuditRow r) =>
        new(r.MODEL_NAME, r.SEQ, Utc(r.CHANGED_AT), r.USER_NAME, r.ACTION, r.ALIAS_NAME, r.FROM_VERSION, r.TO_VERSION, r.REASON);

    private static PortalNotFoundException NoModel(string model) => new($"There is no model {model}.");

    private static JsonObject Copy(JsonObject o) => (JsonObject)o.DeepClone();
}
