using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Registry.RegistrySchema;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>
/// The registry in warehouse tables (PORTAL_MODELS, PORTAL_MODEL_VERSIONS, PORTAL_MODEL_ALIASES, PORTAL_MODEL_AUDIT).
/// Writes run in one transaction each, claimed by the model's write stamp (<see cref="RegistryWrite"/>), so with any
/// number of portal instances on one warehouse an alias always has exactly one holder and audit numbers never collide,
/// also on Snowflake, which enforces no primary key.
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

    /// <summary>Attempts before a write gives up: each lost race costs one; two instances rarely lose many in a row.</summary>
    internal const int MaxAttempts = 40;

    /// <summary>
    /// Runs a write to one model in one transaction, as a <see cref="RegistryWrite"/>: claimed by the model's stamp,
    /// checked after the commit, retried on fresh reads when another writer (in this process or another instance) won.
    /// The per-warehouse gate only spares this process's own writers the retries; correctness comes from the stamp.
    /// </summary>
    private async Task<TResult> WriteAsync<TResult>(string model, Func<RegistryWrite, Task<TResult>> work, CancellationToken ct)
    {
        var gate = Gates.GetValue(warehouse, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                RegistryWrite? write = null;
                try
                {
                    var now = _time.GetUtcNow().UtcDateTime;
                    var result = await warehouse.InTransactionAsync(async session =>
                    {
                        write = new RegistryWrite(session, _d, model, now);
                        return await work(write);
                    }, ct);
                    if (!write!.ClaimUnconfirmed || await LandedAsync(write, ct))
                        return result;
                }
                catch (Exception e) when (attempt < MaxAttempts && IsLostRace(e))
                {
                    // another writer took the model first; read again and retry
                }
                if (attempt >= MaxAttempts)
                    throw new InvalidOperationException($"Model {model} kept changing under this write; {MaxAttempts} attempts failed. Try again.");
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + 10 * Math.Min(attempt, 10))), ct);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether the attempt's audit rows (which carry its stamp) were committed.</summary>
    private async Task<bool> LandedAsync(RegistryWrite write, CancellationToken ct) =>
        await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {T(Audit)} WHERE MODEL_NAME = {P("m")} AND WRITE_STAMP = {P("s")}",
            Args(("m", write.Model), ("s", write.Stamp)), ct) > 0;

    /// <summary>
    /// A lost claim, or the embedded warehouse refusing a concurrent update of the same row or a second creation of the
    /// same new model (its primary key); the retry then reads the winner's state.
    /// </summary>
    private static bool IsLostRace(Exception e) =>
        e is StaleRegistryWriteException
        || e.Message.Contains("conflict", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("deadlock", StringComparison.OrdinalIgnoreCase);

    private static async Task<long> AppendAuditAsync(RegistryWrite w, string user, string action,
        string? alias, string? from, string? to, string? reason, CancellationToken ct)
    {
        var seq = await w.NextSeqAsync(ct);
        await w.InsertAsync(Audit,
        [
            ("MODEL_NAME", w.Model, WarehouseType.Text), ("SEQ", seq, WarehouseType.Integer), ("CHANGED_AT", w.Now, WarehouseType.Timestamp),
            ("USER_NAME", user, WarehouseType.Text), ("ACTION", action, WarehouseType.Text), ("ALIAS_NAME", alias, WarehouseType.Text),
            ("FROM_VERSION", from, WarehouseType.Text), ("TO_VERSION", to, WarehouseType.Text), ("REASON", reason, WarehouseType.Text),
            ("WRITE_STAMP", w.Stamp, WarehouseType.Text),
        ], ct);
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
