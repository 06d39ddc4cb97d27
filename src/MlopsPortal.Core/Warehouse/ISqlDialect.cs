namespace MlopsPortal.Core.Warehouse;

/// <summary>What differs between warehouses when the portal writes SQL.</summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>Validates (see <see cref="Identifier"/>) and quotes one identifier.</summary>
    string Quote(string identifier);

    string TypeName(WarehouseType type);

    /// <summary>Parameter placeholder for a named parameter, e.g. <c>$name</c>.</summary>
    string Parameter(string name);

    string TimestampLiteral(DateTime utc);

    /// <summary>A string literal this warehouse reads back as exactly <paramref name="value"/> (see <see cref="SqlText"/>).</summary>
    string TextLiteral(string value) => SqlText.Literal(value, backslashEscapes: false);
}
