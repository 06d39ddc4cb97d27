using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// Alias moves in Snowflake's own registry, written to the portal's audit trail (PORTAL_MODEL_AUDIT) under the model
/// name <c>SNOWFLAKE:&lt;model&gt;</c>, so they sit beside, and never collide with, the portal's own models' rows.
/// </summary>
public sealed class NativeAliasAudit(IWarehouse warehouse)
{
    public static string AuditModel(string model) => "SNOWFLAKE:" + model.Trim().ToUpperInvariant();

    public Task RecordAsync(string model, string action, string alias, string? toVersion, string user, CancellationToken ct) =>
        warehouse.InTransactionAsync(async s =>
        {
            var name = AuditModel(model);
            var seq = await s.ScalarAsync<long?>($"SELECT MAX(SEQ) FROM {RegistrySchema.Audit} WHERE MODEL_NAME = $m", new { m = name }, ct) ?? 0;
            return await s.ExecuteAsync(
                $"INSERT INTO {RegistrySchema.Audit} (MODEL_NAME, SEQ, CHANGED_AT, USER_NAME, ACTION, ALIAS_NAME, FROM_VERSION, TO_VERSION, REASON) " +
                "VALUES ($m, $seq, $at, $u, $a, $alias, NULL, $to, $why)",
                new { m = name, seq = seq + 1, at = DateTime.UtcNow, u = user, a = action, alias = alias.ToUpperInvariant(), to = toVersion, why = "in Snowflake's model registry" }, ct);
        }, ct);

    public async Task<IReadOnlyList<NativeAuditEntry>> ListAsync(string model, CancellationToken ct) =>
        (await warehouse.QueryAsync<NativeAuditRow>(
            $"SELECT SEQ, CHANGED_AT, USER_NAME, ACTION, ALIAS_NAME, TO_VERSION FROM {RegistrySchema.Audit} WHERE MODEL_NAME = $m ORDER BY SEQ",
            new { m = AuditModel(model) }, ct))
        .Select(r => new NativeAuditEntry(r.SEQ, DateTime.SpecifyKind(r.CHANGED_AT, DateTimeKind.Utc), r.USER_NAME, r.ACTION, r.ALIAS_NAME, r.TO_VERSION))
        .ToList();
}

public sealed record NativeAuditEntry(long Seq, DateTime ChangedAt, string User, string Action, string? Alias, string? ToVersion);

internal sealed class NativeAuditRow
{
    public long SEQ { get; set; }
    public DateTime CHANGED_AT { get; set; }
    public string USER_NAME { get; set; } = "";
    public string ACTION { get; set; } = "";
    public string? ALIAS_NAME { get; set; }
    public string? TO_VERSION { get; set; }
}
