namespace MlopsPortal.Core.Warehouse;

/// <summary>What differs between warehouses when the portal writes SQL.</summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>
    /// Validates (see <see cref="Identifier"/>) and quotes one identifier that a user may have named: a name the portal
    /// reserves for its own tables is refused (<see cref="PortalTables.RefuseReserved"/>).
    /// </summary>
    string Quote(string identifier);

    /// <summary>Validates and quotes one of the portal's own tables or columns (stores, migrations, the adapters themselves).</summary>
    string QuoteOwn(string identifier);

    string TypeName(WarehouseType type);

    /// <summary>Parameter placeholder for a named parameter, e.g. <c>$name</c>.</summary>
    string Parameter(string name);

    string TimestampLiteral(DateTime utc);

    /// <summary>A string literal this warehouse reads back as exactly <paramref name="value"/> (see <see cref="SqlText"/>).</summary>
    string TextLiteral(string value) => SqlText.Literal(value, backslashEscapes: false);
}
