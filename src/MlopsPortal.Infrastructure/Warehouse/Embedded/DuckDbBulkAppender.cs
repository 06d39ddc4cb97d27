using DuckDB.NET.Data;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>Bulk writes through DuckDB's Appender; values are converted to each column's type first.</summary>
internal static class DuckDbBulkAppender
{
    public static async Task<long> AppendAsync(DuckDBConnection connection, string table, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var info = await DescribeOrThrowAsync(connection, table, ct);
        var writers = info.Columns.Select(DuckDbValueWriters.For).ToArray();
        long count = 0;
        using (var appender = connection.CreateAppender(info.Name))
        {
            await foreach (var row in rows.WithCancellation(ct))
                AppendRow(appender, info, writers, row, ++count);
        }
        return count;
    }

    public static async Task<long> AppendAsync(DuckDBConnection connection, string table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var info = await DescribeOrThrowAsync(connection, table, ct);
        var writers = info.Columns.Select(DuckDbValueWriters.For).ToArray();
        long count = 0;
        using (var appender = connection.CreateAppender(info.Name))
        {
            foreach (var row in rows)
            {
                if ((count & 0xFFF) == 0)
                    ct.ThrowIfCancellationRequested();
                AppendRow(appender, info, writers, row, ++count);
            }
        }
        return count;
    }

    private static async Task<TableInfo> DescribeOrThrowAsync(DuckDBConnection connection, string table, CancellationToken ct) =>
        await DuckDbCatalog.DescribeAsync(connection, table, withRowCount: false, ct)
        ?? throw new InvalidOperationException($"Cannot append to table '{table}': it does not exist.");

    private static void AppendRow(DuckDBAppender appender, TableInfo info, DuckDbValueWriter[] writers, object?[] row, long rowNumber)
    {
        if (row.Length != writers.Length)
            throw new ArgumentException(
                $"Row {rowNumber} for table '{info.Name}' has {row.Length} values but the table has {writers.Length} columns.");
        var appenderRow = appender.CreateRow();
        for (var i = 0; i < writers.Length; i++)
        {
            try
            {
                writers[i](appenderRow, row[i]);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new ArgumentException(
                    $"Row {rowNumber}, column {info.Columns[i].Name} ({info.Columns[i].NativeType}) of table '{info.Name}': " +
                    $"cannot store '{row[i]}' ({row[i]?.GetType().Name}): {e.Message}", e);
            }
        }
        appenderRow.EndRow();
    }
}
