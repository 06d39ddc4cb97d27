using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Registry.RegistrySchema;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>
/// One attempt at a registry write to one model, safe with several portal instances on one warehouse, without relying
/// on a lock any single process holds:
/// <list type="number">
/// <item>the model's WRITE_STAMP is read first, then whatever the write needs (aliases, the last audit number…);</item>
/// <item>the claim, <c>UPDATE PORTAL_MODELS SET WRITE_STAMP = new WHERE MODEL_NAME = m AND WRITE_STAMP = read</c>,
/// succeeds for exactly one of several concurrent writers (the warehouse serializes updates of one row);</item>
/// <item>every other statement carries <see cref="Guard"/> (or inserts FROM the stamped model row), so it changes
/// nothing unless this attempt's claim took;</item>
/// <item>after the commit, the audit row carrying this stamp shows whether the attempt landed; if not, it is retried
/// from step 1 on fresh reads.</item>
/// </list>
/// Nothing here reads its own uncommitted writes: on Snowflake the adapter sends the writes as one BEGIN…COMMIT request
/// at commit, after every read (see SnowflakeSession), so audit numbers are handed out from one read of the last one.
/// </summary>
internal sealed class RegistryWrite(IWarehouseSession session, ISqlDialect d, string model, DateTime now)
{
    private long? _lastSeq;

    public IWarehouseSession Session => session;
    public DateTime Now => now;
    public string Model => model;

    /// <summary>This attempt's stamp: written on the model row by the claim and on every audit row of the attempt.</summary>
    public string Stamp { get; } = Guid.NewGuid().ToString("N");

    /// <summary>True when the claim might not have taken (the backend does not count rows); the commit then tells.</summary>
    public bool ClaimUnconfirmed { get; private set; }

    /// <summary>Appended to a DELETE or UPDATE: true only when this attempt holds the model's stamp.</summary>
    public string Guard =>
        $"EXISTS (SELECT 1 FROM {d.QuoteOwn(Models)} WHERE MODEL_NAME = {d.Parameter("g_model")} AND WRITE_STAMP = {d.Parameter("g_stamp")})";

    /// <summary>The statement's parameters plus the guard's.</summary>
    public Dictionary<string, object?> With(params (string Name, object? Value)[] values)
    {
        var args = values.ToDictionary(v => v.Name, v => v.Value);
        args["g_model"] = model;
        args["g_stamp"] = Stamp;
        return args;
    }

    /// <summary>The model's current stamp ("" when never stamped), or null when the model does not exist.</summary>
    public async Task<string?> ReadStampAsync(CancellationToken ct) =>
        (await session.QueryAsync<StampRow>(
            $"SELECT COALESCE(WRITE_STAMP, '') AS STAMP FROM {d.QuoteOwn(Models)} WHERE MODEL_NAME = {d.Parameter("m")}",
            new Dictionary<string, object?> { ["m"] = model }, ct)) is [var row, ..] ? row.STAMP : null;

    /// <summary>Takes the model row from the stamp read; throws <see cref="StaleRegistryWriteException"/> (retry) when another writer changed it since.</summary>
    public async Task ClaimAsync(string read, CancellationToken ct) =>
        Claimed(await session.ExecuteAsync(
            $"UPDATE {d.QuoteOwn(Models)} SET WRITE_STAMP = {d.Parameter("stamp")} WHERE MODEL_NAME = {d.Parameter("m")} AND COALESCE(WRITE_STAMP, '') = {d.Parameter("read")}",
            new Dictionary<string, object?> { ["stamp"] = Stamp, ["m"] = model, ["read"] = read }, ct));

    /// <summary>
    /// The rows the claiming statement changed: none means another writer won (retry now); unknown (-1, a buffered
    /// Snowflake write) means the commit will tell, through the stamped audit row.
    /// </summary>
    public void Claimed(long changed)
    {
        if (changed == 0)
            throw new StaleRegistryWriteException(model);
        ClaimUnconfirmed = changed < 0;
    }

    /// <summary>
    /// INSERT … SELECT the given values FROM the stamped model row: one row when this attempt holds the stamp, none
    /// otherwise. Values are cast to their column types (a bare parameter in a select list has none).
    /// </summary>
    public Task InsertAsync(string table, IReadOnlyList<(string Column, object? Value, WarehouseType Type)> values, CancellationToken ct)
    {
        var columns = string.Join(", ", values.Select(v => v.Column));
        var selected = string.Join(", ", values.Select((v, i) => $"CAST({d.Parameter("p" + i)} AS {d.TypeName(v.Type)})"));
        var args = With(values.Select((v, i) => ("p" + i, v.Value)).ToArray());
        return session.ExecuteAsync(
            $"INSERT INTO {d.QuoteOwn(table)} ({columns}) SELECT {selected} FROM {d.QuoteOwn(Models)} " +
            $"WHERE MODEL_NAME = {d.Parameter("g_model")} AND WRITE_STAMP = {d.Parameter("g_stamp")}", args, ct);
    }

    /// <summary>The next audit number of this attempt: one read of the last, then counted here.</summary>
    public async Task<long> NextSeqAsync(CancellationToken ct)
    {
        _lastSeq ??= await session.ScalarAsync<long?>(
            $"SELECT MAX(SEQ) FROM {d.QuoteOwn(Audit)} WHERE MODEL_NAME = {d.Parameter("m")}", new Dictionary<string, object?> { ["m"] = model }, ct) ?? 0;
        _lastSeq++;
        return _lastSeq.Value;
    }

    private sealed class StampRow
    {
        public string STAMP { get; set; } = "";
    }
}

/// <summary>Another writer changed the model between this attempt's reads and its claim: retry on fresh reads.</summary>
internal sealed class StaleRegistryWriteException(string model) : Exception($"Model {model} changed during the write.");
