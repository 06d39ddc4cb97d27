using System.Runtime.CompilerServices;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

/// <summary>
/// Stands in for Snowflake ONLY to hand back canned SHOW / table-function rows (lower-case columns, in an order of its
/// own, with extra columns) and to record the statements a service sends; the statements themselves are golden-tested.
/// </summary>
internal sealed class ShowOutputWarehouse : IWarehouse
{
    private readonly List<(string Prefix, RowBatch Rows)> _answers = [];

    public List<string> Executed { get; } = [];

    public ShowOutputWarehouse Answer(string sqlPrefix, string[] columns, params object?[][] rows)
    {
        _answers.Add((sqlPrefix, new RowBatch(columns, rows)));
        return this;
    }

    /// <summary>Tables DescribeTableAsync knows.</summary>
    public List<TableInfo> Tables { get; } = [];

    public ISqlDialect Dialect { get; } = new DoubleQuoteDialect();

    public Task<long> ExecuteAsync(string sql, object? parameters = null, CancellationToken ct = default)
    {
        Executed.Add(sql);
        return Task.FromResult(0L);
    }

    public async IAsyncEnumerable<RowBatch> StreamAsync(string sql, object? parameters = null, int batchSize = 10_000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        var answer = _answers.FirstOrDefault(a => sql.StartsWith(a.Prefix, StringComparison.Ordinal));
        if (answer.Rows is null) throw new InvalidOperationException($"no canned rows for: {sql}");
        yield return answer.Rows;
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<T> InTransactionAsync<T>(Func<IWarehouseSession, Task<T>> work, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<TableInfo>> ListTablesAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<TableInfo?> DescribeTableAsync(string table, CancellationToken ct = default) =>
        Task.FromResult(Tables.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase)));
    public Task<bool> PingAsync(CancellationToken ct = default) => Task.FromResult(true);
}

/// <summary>Snowflake's identifier quoting (validated, double quotes), for code that takes the warehouse's dialect.</summary>
internal sealed class DoubleQuoteDialect : ISqlDialect
{
    public string Name => "snowflake-like";
    public SqlEngine Engine => SqlEngine.Snowflake;
    public bool TransactionalDdl => false;
    public string AsofLeftJoin(string table, string tableAlias, string keyMatch, string notLater) => throw new NotSupportedException();
    public string Quote(string identifier) => QuoteOwn(PortalTables.RefuseReserved(identifier));
    public string QuoteOwn(string identifier) => "\"" + Identifier.Validate(identifier) + "\"";
    public string TypeName(WarehouseType type) => throw new NotSupportedException();
    public string Parameter(string name) => "?";
    public string TimestampLiteral(DateTime utc) => throw new NotSupportedException();
}
