using Dapper;
using DuckDB.NET.Data;
using MlopsPortal.Core.Warehouse;
using ColumnInfo = MlopsPortal.Core.Warehouse.ColumnInfo;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>Reads tables and columns from information_schema (the main schema of the warehouse file).</summary>
internal static class DuckDbCatalog
{
    private const string TablesSql = """
        SELECT table_name FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_schema = 'main' AND table_type = 'BASE TABLE'
        ORDER BY table_name
        """;

    private const string ColumnsSql = """
        SELECT table_name AS TableName, column_name AS Name, data_type AS NativeType, is_nullable AS IsNullable
        FROM information_schema.columns
        WHERE table_catalog = current_database() AND table_schema = 'main' AND lower(table_name) = lower($table)
        ORDER BY ordinal_position
        """;

    public static async Task<IReadOnlyList<TableInfo>> ListTablesAsync(DuckDBConnection connection, CancellationToken ct)
    {
        var names = await connection.QueryAsync<string>(new CommandDefinition(TablesSql, cancellationToken: ct));
        var tables = new List<TableInfo>();
        foreach (var name in names)
        {
            if (!Identifier.IsValid(name))
                continue; // created outside the portal with a name the portal cannot address
            var info = await DescribeAsync(connection, name, withRowCount: true, ct);
            if (info is not null)
                tables.Add(info);
        }
        return tables;
    }

    public static async Task<TableInfo?> DescribeAsync(DuckDBConnection connection, string table, bool withRowCount, CancellationToken ct)
    {
        Identifier.Validate(table, "table name");
        var rows = (await connection.QueryAsync<ColumnRow>(
            new CommandDefinition(ColumnsSql, DuckDbParameters.ForDapper(new { table }), cancellationToken: ct))).AsList();
        if (rows.Count == 0)
            return null;
        var actualName = rows[0].TableName;
        var columns = rows
            .Select(r => new ColumnInfo(r.Name, DuckDbDialect.FromNative(r.NativeType), r.NativeType, r.IsNullable != "NO"))
            .ToList();
        long count = 0;
        if (withRowCount)
        {
            var sql = $"SELECT COUNT(*)::BIGINT FROM {DuckDbDialect.Instance.QuoteOwn(actualName)}";
            count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct));
        }
        return new TableInfo(actualName, count, columns);
    }

    private sealed class ColumnRow
    {
        public string TableName { get; init; } = "";
        public string Name { get; init; } = "";
        public string NativeType { get; init; } = "";
        public string IsNullable { get; init; } = "YES";
    }
}
