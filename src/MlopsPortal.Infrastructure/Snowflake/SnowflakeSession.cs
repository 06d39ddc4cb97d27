using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>
/// A portal transaction on Snowflake. The SQL API keeps no session between requests, so writes are buffered and sent
/// at commit as ONE request, <c>BEGIN TRANSACTION; …; COMMIT;</c>: all land or none. What differs from the embedded
/// warehouse, and why:
/// <list type="bullet">
/// <item>DDL (CREATE/ALTER/DROP…) runs at once: Snowflake commits DDL on its own anyway.</item>
/// <item>Reads run at once against committed data, so they do not see this transaction's own buffered writes.</item>
/// <item>A buffered write returns -1 (unknown) as its affected-row count.</item>
/// <item>Bulk appends fill a staging table at once (chunked INSERTs); the commit moves its rows into the target.</item>
/// </list>
/// </summary>
internal sealed class SnowflakeSession(SnowflakeWarehouse warehouse) : IWarehouseSession
{
    private readonly List<SnowflakeStatement> _pending = [];
    private readonly List<string> _staging = [];

    internal IReadOnlyList<SnowflakeStatement> Pending => _pending;

    public async Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default)
    {
        if (SnowflakeStatements.IsDdl(sql))
            return await warehouse.ExecuteAsync(sql, parameters, ct);
        _pending.Add(SnowflakeParameters.Rewrite(sql, parameters));
        return -1;
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) =>
        warehouse.QueryAsync<T>(sql, parameters, ct);

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) =>
        warehouse.ScalarAsync<T>(sql, parameters, ct);

    public async Task<long> BulkAppendAsync(string table, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        var staging = SnowflakeStatements.StagingName(table, Guid.NewGuid());
        await warehouse.Client.ExecuteAsync(new SnowflakeStatement(SnowflakeStatements.CreateStagingLike(staging, table)), ct);
        _staging.Add(staging);
        var written = await warehouse.AppendAsync(staging, rows, ct);
        _pending.Add(new SnowflakeStatement(SnowflakeStatements.InsertFromStaging(table, staging)));
        return written;
    }

    public Task<long> BulkAppendAsync(string table, IEnumerable<object?[]> rows, CancellationToken ct = default) =>
        BulkAppendAsync(table, rows.ToAsyncEnumerable(), ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
            return;
        await warehouse.Client.ExecuteAsync(SnowflakeStatements.Transaction(_pending), ct);
        _pending.Clear();
    }

    public async Task DropStagingAsync()
    {
        foreach (var table in _staging)
            await warehouse.DropQuietlyAsync(table);
        _staging.Clear();
    }
}
