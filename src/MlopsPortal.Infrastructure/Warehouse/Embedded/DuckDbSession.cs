using System.Data.Common;
using Dapper;
using DuckDB.NET.Data;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>Operations on one connection, inside the transaction the warehouse opened on it.</summary>
internal sealed class DuckDbSession(DuckDBConnection connection, DbTransaction transaction) : IWarehouseSession
{
    public async Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default) =>
        await connection.ExecuteAsync(Command(sql, parameters, ct));

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) =>
        (await connection.QueryAsync<T>(Command(sql, parameters, ct))).AsList();

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) =>
        connection.ExecuteScalarAsync<T?>(Command(sql, parameters, ct));

    public Task<long> BulkAppendAsync(string table, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default) =>
        DuckDbBulkAppender.AppendAsync(connection, table, rows, ct);

    public Task<long> BulkAppendAsync(string table, IEnumerable<object?[]> rows, CancellationToken ct = default) =>
        DuckDbBulkAppender.AppendAsync(connection, table, rows, ct);

    private CommandDefinition Command(string sql, object? parameters, CancellationToken ct) =>
        new(sql, DuckDbParameters.ForDapper(parameters), transaction, cancellationToken: ct);
}
