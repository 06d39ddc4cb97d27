using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Tests.FeatureStore;

/// <summary>A dialect spelled like DuckDB's (Core cannot see the adapter), with a switchable name for Snowflake's ASOF syntax.</summary>
internal sealed class TestDialect(string name = "duckdb") : ISqlDialect
{
    public string Name => name;
    public string Quote(string identifier) => QuoteOwn(PortalTables.RefuseReserved(identifier));
    public string QuoteOwn(string identifier) => "\"" + Identifier.Validate(identifier) + "\"";
    public string TypeName(WarehouseType type) => type switch
    {
        WarehouseType.Integer => "BIGINT",
        WarehouseType.Double => "DOUBLE",
        WarehouseType.Text => "VARCHAR",
        WarehouseType.Timestamp => "TIMESTAMP",
        _ => type.ToString().ToUpperInvariant(),
    };
    public string Parameter(string name) => "$" + name;
    public string TimestampLiteral(DateTime utc) => $"TIMESTAMP '{utc:yyyy-MM-dd HH:mm:ss}'";
}
