namespace MlopsPortal.Core.Warehouse;

/// <summary>What differs between warehouses when the portal writes SQL.</summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>The engine, for the one caller that writes a whole expression its way: the model compiler (docs/architecture.md).</summary>
    SqlEngine Engine { get; }

    /// <summary>
    /// Whether DDL joins a transaction (DuckDB). Without it (Snowflake commits each DDL statement) an output is published
    /// by an atomic swap instead of DROP and RENAME in one transaction (see TablePublisher).
    /// </summary>
    bool TransactionalDdl { get; }

    /// <summary>
    /// The point-in-time join onto <paramref name="table"/> AS <paramref name="tableAlias"/>: every left row with the latest
    /// right row whose keys match (<paramref name="keyMatch"/>) at or before it (<paramref name="notLater"/>), else nulls.
    /// </summary>
    string AsofLeftJoin(string table, string tableAlias, string keyMatch, string notLater);

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

/// <summary>The SQL engines the portal writes for.</summary>
public enum SqlEngine
{
    DuckDb,
    Snowflake,
}
