using System.Globalization;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>
/// Snowflake's SQL as the portal writes it. Identifiers are validated, then quoted in UPPER case: the portal was written
/// against DuckDB, where names are case-insensitive, and Snowflake folds unquoted names to upper case, so quoting the
/// upper-cased name keeps <c>"version"</c> and an unquoted <c>VERSION</c> the same column (and protects reserved words).
/// Parameters are written <c>$name</c> like the embedded dialect; <see cref="SnowflakeParameters"/> turns them into
/// positional SQL API bindings.
/// </summary>
public sealed class SnowflakeDialect : ISqlDialect
{
    public static readonly SnowflakeDialect Instance = new();

    public string Name => "snowflake";

    public SqlEngine Engine => SqlEngine.Snowflake;

    /// <summary>Snowflake commits each DDL statement by itself.</summary>
    public bool TransactionalDdl => false;

    /// <summary>Snowflake's ASOF JOIN keeps every left row (nulls without a match) and takes the condition apart.</summary>
    public string AsofLeftJoin(string table, string tableAlias, string keyMatch, string notLater) =>
        $"ASOF JOIN {table} AS {tableAlias} MATCH_CONDITION ({notLater}) ON {keyMatch}";

    public string Quote(string identifier) => QuoteOwn(PortalTables.RefuseReserved(Identifier.Validate(identifier)));

    public string QuoteOwn(string identifier) => "\"" + Identifier.Validate(identifier).ToUpperInvariant() + "\"";

    public string TypeName(WarehouseType type) => type switch
    {
        WarehouseType.Boolean => "BOOLEAN",
        WarehouseType.Integer => "NUMBER(19,0)",
        WarehouseType.Double => "FLOAT",
        WarehouseType.Decimal => "NUMBER(18,4)",
        WarehouseType.Text => "VARCHAR",
        WarehouseType.Timestamp => "TIMESTAMP_NTZ",
        WarehouseType.Date => "DATE",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"The warehouse type {type} has no Snowflake column type."),
    };

    public string Parameter(string name) => "$" + Identifier.Validate(name, "parameter name");

    public string TimestampLiteral(DateTime utc) =>
        "'" + utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'::TIMESTAMP_NTZ";

    /// <summary>Snowflake reads '\' as an escape in '…', so backslashes and control characters are escaped too.</summary>
    public string TextLiteral(string value) => SqlText.Literal(value, backslashEscapes: true);

    /// <summary>Maps INFORMATION_SCHEMA.COLUMNS.DATA_TYPE (with NUMERIC_SCALE) to the portable type.</summary>
    public static WarehouseType FromNative(string dataType, int scale = 0)
    {
        var t = dataType.Trim().ToUpperInvariant();
        if (t.StartsWith("TIMESTAMP", StringComparison.Ordinal) || t == "DATETIME")
            return WarehouseType.Timestamp;
        return t switch
        {
            "NUMBER" or "DECIMAL" or "NUMERIC" or "FIXED" => scale == 0 ? WarehouseType.Integer : WarehouseType.Decimal,
            "INT" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "BYTEINT" => WarehouseType.Integer,
            "FLOAT" or "FLOAT4" or "FLOAT8" or "DOUBLE" or "DOUBLE PRECISION" or "REAL" => WarehouseType.Double,
            "TEXT" or "VARCHAR" or "STRING" or "CHAR" or "CHARACTER" => WarehouseType.Text,
            "BOOLEAN" => WarehouseType.Boolean,
            "DATE" => WarehouseType.Date,
            _ => WarehouseType.Other,
        };
    }
}
