namespace MlopsPortal.Core.Warehouse;

/// <summary>
/// The data plane. Two adapters implement it: the embedded DuckDB file (default) and Snowflake.
/// Identifiers reaching SQL go through <see cref="Dialect"/>; values are always bound as parameters.
/// </summary>
public interface IWarehouse
{
    ISqlDialect Dialect { get; }

    /// <summary>Runs a statement, returns affected rows (or -1 when the backend does not say).</summary>
    Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default);

    /// <summary>Maps rows onto <typeparamref name="T"/> by column name (Dapper semantics).</summary>
    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default);

    Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default);

    /// <summary>Streams rows in batches of at most <paramref name="batchSize"/>; memory stays bounded.</summary>
    IAsyncEnumerable<RowBatch> StreamAsync(string sql, object? parameters = null, int batchSize = 10_000, CancellationToken ct = default);

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it lands or none of it.</summary>
    Task<T> InTransactionAsync<T>(Func<IWarehouseSession, Task<T>> work, CancellationToken ct = default);

    Task<IReadOnlyList<TableInfo>> ListTablesAsync(CancellationToken ct = default);

    /// <summary>Null when the table does not exist.</summary>
    Task<TableInfo?> DescribeTableAsync(string table, CancellationToken ct = default);

    /// <summary>Health probe: true when a trivial query answers.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}

/// <summary>Operations available inside one transaction.</summary>
public interface IWarehouseSession
{
    Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default);
    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default);
    Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default);

    /// <summary>Bulk-appends rows to an existing table; values in the table's column order.</summary>
    Task<long> BulkAppendAsync(string table, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default);
    Task<long> BulkAppendAsync(string table, IEnumerable<object?[]> rows, CancellationToken ct = default);
}
