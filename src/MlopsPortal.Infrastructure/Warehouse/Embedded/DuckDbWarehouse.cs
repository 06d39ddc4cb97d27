using System.Runtime.CompilerServices;
using Dapper;
using DuckDB.NET.Data;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>
/// The embedded warehouse: one DuckDB file owned by this process. A root connection keeps the database
/// open; every operation opens its own connection to that same database instance, so
/// concurrent callers never share a connection and DuckDB's MVCC isolates them.
/// </summary>
public sealed class DuckDbWarehouse : IWarehouse, IDisposable
{
    private readonly DuckDBConnection _root;
    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _functions = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    public DuckDbWarehouse(EmbeddedWarehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = options.FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _connectionString = $"Data Source={FilePath}";
        _root = new DuckDBConnection(_connectionString);
        try
        {
            _root.Open();
            ApplyResourceLimits(_root, options);
        }
        catch (DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            _root.Dispose();
            throw new InvalidOperationException(
                $"The warehouse file {FilePath} is in use by another process; one process owns it. Stop that process " +
                $"(e.g. the running portal, and talk to it over REST) or use another MLOPS_DATA_DIR. DuckDB said: {e.Message}", e);
        }
    }

    public string FilePath { get; }

    /// <summary>Memory limit, threads and spill directory are database-wide settings: set once on the root connection.</summary>
    private static void ApplyResourceLimits(DuckDBConnection root, EmbeddedWarehouseOptions options)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.MemoryLimit, @"^\s*\d+(\.\d+)?\s*[KMGT]?i?B\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            throw new InvalidOperationException(
                $"{EmbeddedWarehouseOptions.MemoryLimitKey}='{options.MemoryLimit}' is not a size such as 256MB or 2GB.");
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads, EmbeddedWarehouseOptions.ThreadsKey);
        Directory.CreateDirectory(options.TempDirectory);
        using var command = root.CreateCommand();
        command.CommandText =
            $"SET memory_limit = '{options.MemoryLimit.Trim()}'; SET temp_directory = '{options.TempDirectory.Replace("'", "''")}'" +
            (options.Threads > 0 ? $"; SET threads = {options.Threads}" : "");
        command.ExecuteNonQuery();
    }

    public ISqlDialect Dialect => DuckDbDialect.Instance;

    public Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default) =>
        RunAsync(async c => (long)await c.ExecuteAsync(Command(sql, parameters, ct)), ct);

    /// <summary>
    /// Makes sure the scalar function <paramref name="name"/> exists, registering it through <paramref name="register"/>
    /// the first time only. DuckDB keeps a registered function in the database's catalog, callable from every
    /// connection, until the database closes, and it cannot be dropped (an internal entry; DuckDbPredictFunctionTests
    /// show both); so a name must always stand for the same function, and each is registered once per process.
    /// </summary>
    internal Task EnsureFunctionAsync(string name, Action<DuckDBConnection> register, CancellationToken ct = default)
    {
        lock (_functions)
            if (_functions.Contains(name)) return Task.CompletedTask;
        return RunAsync(c =>
        {
            lock (_functions)
            {
                if (_functions.Add(name)) // under the lock: two first runs of one model register it once
                {
                    try
                    {
                        register(c);
                    }
                    catch
                    {
                        _functions.Remove(name);
                        throw;
                    }
                }
            }
            return Task.FromResult(0);
        }, ct);
    }

    /// <summary>
    /// Runs one statement on a connection of its own after <paramref name="prepare"/> ran on it. A function registered
    /// by <paramref name="prepare"/> outlives the connection (see <see cref="EnsureFunctionAsync"/>).
    /// </summary>
    internal Task<long> ExecuteOnPreparedConnectionAsync(
        Action<DuckDBConnection> prepare, string sql, object? parameters = null, CancellationToken ct = default) =>
        RunAsync(async c =>
        {
            prepare(c);
            return (long)await c.ExecuteAsync(Command(sql, parameters, ct));
        }, ct);

    /// <summary>
    /// Runs one statement that may write its rows in any order (<c>preserve_insertion_order = false</c> for its own
    /// connection only): DuckDB then writes from both threads without holding rows back to keep their order, which at
    /// 128 MB made a 4M-row scoring write spill and run twice as long (docs/architecture.md, "How data flows", step 2).
    /// </summary>
    public Task<long> ExecuteUnorderedAsync(string sql, object? parameters = null, CancellationToken ct = default) =>
        ExecuteOnPreparedConnectionAsync(WriteUnordered, sql, parameters, ct);

    /// <summary>
    /// <see cref="InTransactionAsync{T}"/> whose statements may write their rows in any order, as in
    /// <see cref="ExecuteUnorderedAsync"/>: publishing 10,000,000 scored rows into an existing table took 10 s ordered
    /// and 5 s unordered (docs/architecture.md, "How data flows", step 2).
    /// </summary>
    internal Task<T> InUnorderedTransactionAsync<T>(Func<IWarehouseSession, Task<T>> work, CancellationToken ct = default) =>
        InTransactionAsync(work, WriteUnordered, ct);

    private static void WriteUnordered(DuckDBConnection connection)
    {
        using var set = connection.CreateCommand();
        set.CommandText = "SET SESSION preserve_insertion_order = false";
        set.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<T>>(async c => (await c.QueryAsync<T>(Command(sql, parameters, ct))).AsList(), ct);

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) =>
        RunAsync(c => c.ExecuteScalarAsync<T?>(Command(sql, parameters, ct)), ct);

    public async IAsyncEnumerable<RowBatch> StreamAsync(
        string sql, object? parameters = null, int batchSize = 10_000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        DuckDbParameters.Bind(command, parameters);
        using var reader = await Task.Run(() => command.ExecuteReader(), ct);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>(Math.Min(batchSize, 100_000));
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[columns.Length];
            reader.GetValues(row!);
            for (var i = 0; i < row.Length; i++)
                if (row[i] is DBNull)
                    row[i] = null;
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

    public Task<T> InTransactionAsync<T>(Func<IWarehouseSession, Task<T>> work, CancellationToken ct = default) =>
        InTransactionAsync(work, prepare: null, ct);

    private Task<T> InTransactionAsync<T>(Func<IWarehouseSession, Task<T>> work, Action<DuckDBConnection>? prepare, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(async connection =>
        {
            prepare?.Invoke(connection);
            using var transaction = connection.BeginTransaction();
            T result;
            try
            {
                result = await work(new DuckDbSession(connection, transaction));
                ct.ThrowIfCancellationRequested();
            }
            catch
            {
                TryRollback(transaction);
                throw;
            }
            transaction.Commit();
            return result;
        }, ct);
    }

    public Task<IReadOnlyList<TableInfo>> ListTablesAsync(CancellationToken ct = default) =>
        RunAsync(c => DuckDbCatalog.ListTablesAsync(c, ct), ct);

    /// <summary>User-facing: a table the portal reserves for itself is refused (PortalTables).</summary>
    public Task<TableInfo?> DescribeTableAsync(string table, CancellationToken ct = default)
    {
        PortalTables.RefuseReserved(Identifier.Validate(table, "table name"));
        return RunAsync(c => DuckDbCatalog.DescribeAsync(c, table, withRowCount: true, ct), ct);
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            return await ScalarAsync<int>("SELECT 1", ct: ct) == 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _root.Dispose();
        }
    }

    /// <summary>A fresh connection to the same database instance; the caller disposes it.</summary>
    internal DuckDBConnection Open()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // DuckDB.NET shares one database instance between connections opened with the same
            // connection string in a process; the root connection keeps that instance alive.
            var connection = new DuckDBConnection(_connectionString);
            connection.Open();
            return connection;
        }
    }

    /// <summary>Runs off the caller's thread (DuckDB calls are synchronous) on a connection of its own.</summary>
    private Task<T> RunAsync<T>(Func<DuckDBConnection, Task<T>> work, CancellationToken ct) =>
        Task.Run(async () =>
        {
            using var connection = Open();
            return await work(connection);
        }, ct);

    private static CommandDefinition Command(string sql, object? parameters, CancellationToken ct) =>
        new(sql, DuckDbParameters.ForDapper(parameters), cancellationToken: ct);

    private static void TryRollback(System.Data.Common.DbTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (Exception)
        {
            // the transaction may already be aborted by DuckDB after the error; nothing else to undo
        }
    }
}
