namespace MlopsPortal.Core.Warehouse.Migrations;

/// <summary>
/// One versioned change to the portal's own tables. <see cref="Sql"/> renders the statements for a
/// dialect (one or more, separated by ';'); quote identifiers and pick types through the dialect.
/// </summary>
public sealed record Migration(int Version, string Name, Func<ISqlDialect, string> Sql);

/// <summary>A migration this run applied.</summary>
public sealed record AppliedMigration(int Version, string Name);
