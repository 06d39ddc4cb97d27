using System.Globalization;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>DuckDB's SQL: double-quoted identifiers, <c>$name</c> parameters.</summary>
public sealed class DuckDbDialect : ISqlDialect
{
    public static readonly DuckDbDialect Instance = new();

    public string Name => "duckdb";

    public SqlEngine Engine => SqlEngine.DuckDb;

    public bool TransactionalDdl => true;

    public string AsofLeftJoin(string table, string tableAlias, string keyMatch, string notLater) =>
        $"ASOF LEFT JOIN {table} AS {tableAlias} ON {keyMatch} AND {notLater}";

    public string Quote(string identifier) => QuoteOwn(PortalTables.RefuseReserved(Identifier.Validate(identifier)));

    public string QuoteOwn(string identifier) => "\"" + Identifier.Validate(identifier) + "\"";

    public string TypeName(WarehouseType type) => type switch
    {
        WarehouseType.Boolean => "BOOLEAN",
        WarehouseType.Integer => "BIGINT",
        WarehouseType.Double => "DOUBLE",
        WarehouseType.Decimal => "DECIMAL(18,4)",
        WarehouseType.Text => "VARCHAR",
        WarehouseType.Timestamp => "TIMESTAMP",
        WarehouseType.Date => "DATE",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"The warehouse type {type} has no DuckDB column type."),
    };

    public string Parameter(string name) => "$" + Identifier.Validate(name, "parameter name");

    public string TimestampLiteral(DateTime utc) =>
        "TIMESTAMP '" + utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    /// <summary>Maps a DuckDB type name (as information_schema spells it) to the portable type.</summary>
    public static WarehouseType FromNative(string nativeType)
    {
        var t = nativeType.Trim().ToUpperInvariant();
        if (t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal))
            return WarehouseType.Decimal;
        if (t.StartsWith("TIMESTAMP", StringComparison.Ordinal) || t == "DATETIME")
            return WarehouseType.Timestamp;
        return t switch
        {
            "BOOLEAN" or "BOOL" => WarehouseType.Boolean,
            "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "HUGEINT" or "UBIGINT" or "UINTEGER"
                or "USMALLINT" or "UTINYINT" or "UHUGEINT" or "INT" or "INT8" or "INT4" or "LONG" => WarehouseType.Integer,
            "DOUBLE" or "FLOAT" or "REAL" or "FLOAT8" or "FLOAT4" => WarehouseType.Double,
            "VARCHAR" or "TEXT" or "STRING" => WarehouseType.Text,
            "DATE" => WarehouseType.Date,
            _ => WarehouseType.Other,
        };
    }
}
