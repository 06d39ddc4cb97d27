using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>Who the connection signs in as, and where it runs (the admin page's "test connection").</summary>
public sealed record SnowflakeIdentity(string? User, string? Role, string? Warehouse);

/// <summary>
/// <see cref="IWarehouse"/> over the SQL API v2. Each call is one request (the SQL API keeps no session between
/// requests); the portal's tables live in the connection's schema, the request's current schema. Reads stream partition
/// by partition; bulk writes are chunked multi-row INSERTs with bindings; a transaction buffers its writes and commits
/// them in one BEGIN…COMMIT request (see <see cref="SnowflakeSession"/>); <see cref="ReplaceTableAsync"/> fills a staging
/// table and swaps it in atomically.
/// </summary>
public sealed class SnowflakeWarehouse(SnowflakeSqlApiClient client, SnowflakeWarehouseOptions options, ILogger<SnowflakeWarehouse>? log = null) : IWarehouse
{
    private readonly ILogger _log = log ?? NullLogger<SnowflakeWarehouse>.Instance;

    public ISqlDialect Dialect => SnowflakeDialect.Instance;

    internal SnowflakeSqlApiClient Client => client;
    internal SnowflakeWarehouseOptions Options => options;

    public async Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default) =>
        (await client.ExecuteAsync(SnowflakeParameters.Rewrite(sql, parameters), ct)).AffectedRows;

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default)
    {
        var result = await client.ExecuteAsync(SnowflakeParameters.Rewrite(sql, parameters), ct);
        var rows = await client.ReadRowsAsync(result, ct).ToListAsync(ct);
        return SnowflakeResultMapping.Map<T>(result.Columns, rows);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default)
    {
        var result = await client.ExecuteAsync(SnowflakeParameters.Rewrite(sql, parameters), ct);
        var first = result.FirstPartition.Count > 0 && result.Columns.Count > 0
            ? SnowflakeTypeDecoder.Decode(result.FirstPartition[0][0], result.Columns[0])
            : null;
        return SnowflakeResultMapping.Scalar<T>(first);
    }

    public async IAsyncEnumerable<RowBatch> StreamAsync(
        string sql, object? parameters = null, int batchSize = 10_000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var result = await client.ExecuteAsync(SnowflakeParameters.Rewrite(sql, parameters), ct);
        var columns = result.Columns.Select(c => c.Name).ToArray();
        var rows = new List<object?[]>(Math.Min(batchSize, 100_000));
        await foreach (var row in client.ReadRowsAsync(result, ct))
        {
            for (var i = 0; i < row.Length; i++)
                row[i] = SnowflakeResultMapping.Portable(row[i]);
            rows.Add(row);
            if (rows.Count == batchSize)
            {
                yield return new RowBatch(columns, rows);
                rows = new List<object?[]>(Math.Min(batchSize, 100_000));
            }
        }
        if (rows.Count > 0)
            yield return new RowBatch(columns, rows);
    }

    public async Task<T> InTransactionAsync<T>(Func<IWarehouseSession, Task<T>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var session = new SnowflakeSession(this);
        try
        {
            var result = await work(session);
            ct.ThrowIfCancellationRequested();
            await session.CommitAsync(ct);
            return result;
        }
        finally
        {
            await session.DropStagingAsync();
        }
    }

    public async Task<IReadOnlyList<TableInfo>> ListTablesAsync(CancellationToken ct = default)
    {
        var result = await client.ExecuteAsync(new SnowflakeStatement(SnowflakeStatements.ListTables), ct);
        return await CatalogAsync(result, ct);
    }

    /// <summary>User-facing: a table the portal reserves for itself is refused (PortalTables).</summary>
    public Task<TableInfo?> DescribeTableAsync(string table, CancellationToken ct = default) =>
        DescribeAnyAsync(PortalTables.RefuseReserved(Identifier.Validate(table, "table name")), ct);

    /// <summary>The adapter's own look-up, for its appends to the portal's own tables too.</summary>
    private async Task<TableInfo?> DescribeAnyAsync(string table, CancellationToken ct)
    {
        var result = await client.ExecuteAsync(SnowflakeStatements.DescribeTable(table), ct);
        return await CatalogAsync(result, ct) is [var first, ..] ? first : null;
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            return await ScalarAsync<long>("SELECT 1", ct: ct) == 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.PingFailed(e.Message);
            return false;
        }
    }

    public async Task<SnowflakeIdentity> IdentityAsync(CancellationToken ct = default)
    {
        var result = await client.ExecuteAsync(new SnowflakeStatement(SnowflakeStatements.TestConnection), ct);
        var row = result.FirstPartition is [var first, ..] ? first : [];
        return new SnowflakeIdentity(row.ElementAtOrDefault(0), row.ElementAtOrDefault(1), row.ElementAtOrDefault(2));
    }

    /// <summary>Chunked multi-row INSERTs into an existing table, outside any transaction; returns the rows written.</summary>
    public async Task<long> AppendAsync(string table, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        var info = await DescribeAnyAsync(table, ct)
                   ?? throw new InvalidOperationException($"Cannot append to table '{table}': it does not exist.");
        var columns = info.Columns.Select(c => c.Name).ToArray();
        var chunkRows = options.RowsPerChunk(columns.Length);
        var chunk = new List<object?[]>(chunkRows);
        long written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            chunk.Add(row);
            if (chunk.Count == chunkRows)
                written += await WriteChunkAsync(table, columns, chunk, written, ct);
        }
        if (chunk.Count > 0)
            written += await WriteChunkAsync(table, columns, chunk, written, ct);
        return written;
    }

    /// <summary>
    /// Replaces a table's rows atomically: readers see the old rows until the swap and the new rows after it, never a
    /// half-written table. Fills a staging copy (CREATE … LIKE), then ALTER TABLE … SWAP WITH, then drops the old rows.
    /// </summary>
    public async Task<long> ReplaceTableAsync(string table, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        var staging = SnowflakeStatements.StagingName(table, Guid.NewGuid());
        await client.ExecuteAsync(new SnowflakeStatement(SnowflakeStatements.CreateStagingLike(staging, table)), ct);
        try
        {
            var written = await AppendAsync(staging, rows, ct);
            await client.ExecuteAsync(new SnowflakeStatement(SnowflakeStatements.Swap(table, staging)), ct);
            _log.TableReplaced(table, written);
            return written;
        }
        finally
        {
            await DropQuietlyAsync(staging);
        }
    }

    internal async Task DropQuietlyAsync(string table)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await client.ExecuteAsync(new SnowflakeStatement(SnowflakeStatements.DropIfExists(table)), cts.Token);
        }
        catch (Exception e)
        {
            _log.StagingNotDropped(table, e.Message);
        }
    }

    private async Task<long> WriteChunkAsync(string table, string[] columns, List<object?[]> chunk, long before, CancellationToken ct)
    {
        try
        {
            var statement = SnowflakeStatements.InsertValues(table, columns, chunk);
            await client.ExecuteAsync(statement, ct);
            return chunk.Count;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message} (in the chunk starting at row {before + 1})", e);
        }
        finally
        {
            chunk.Clear();
        }
    }

    private async Task<IReadOnlyList<TableInfo>> CatalogAsync(SnowflakeResult result, CancellationToken ct)
    {
        var tables = new List<TableInfo>();
        string? current = null;
        long rowCount = 0;
        var columns = new List<ColumnInfo>();
        await foreach (var r in client.ReadRowsAsync(result, ct))
        {
            var name = (string)r[0]!;
            if (name != current)
            {
                if (current is not null)
                    tables.Add(new TableInfo(current, rowCount, columns));
                current = name;
                rowCount = r[1] is null ? 0 : Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture);
                columns = [];
            }
            var dataType = (string)r[3]!;
            var scale = r[4] is null ? 0 : Convert.ToInt32(r[4], System.Globalization.CultureInfo.InvariantCulture);
            columns.Add(new ColumnInfo((string)r[2]!, SnowflakeDialect.FromNative(dataType, scale), dataType,
                !string.Equals(r[5] as string, "NO", StringComparison.OrdinalIgnoreCase)));
        }
        if (current is not null)
            tables.Add(new TableInfo(current, rowCount, columns));
        return tables;
    }
}

/// <summary><see cref="SnowflakeWarehouse"/>'s log lines (source-generated).</summary>
internal static partial class SnowflakeWarehouseLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake ping failed: {Error}")]
    public static partial void PingFailed(this ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced Snowflake table {Table} with {Rows} rows by staging and swap")]
    public static partial void TableReplaced(this ILogger logger, string table, long rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drop Snowflake staging table {Table}: {Error}")]
    public static partial void StagingNotDropped(this ILogger logger, string table, string error);
}
