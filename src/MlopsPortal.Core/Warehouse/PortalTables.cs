using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Warehouse;

/// <summary>
/// Tells the portal's own tables (users with their password hashes, settings, registry, runs, …) from user data.
/// A name the portal reserves is refused wherever a user could name it: <see cref="ISqlDialect.Quote"/>, the gate every
/// user-named table and column passes before reaching SQL, and the warehouses' <c>DescribeTableAsync</c> both call
/// <see cref="RefuseReserved"/>; the portal's own stores quote their tables with <see cref="ISqlDialect.QuoteOwn"/>.
/// So a feature that names a user's table cannot forget the rule: it has no other way to put the name into SQL.
/// </summary>
public static class PortalTables
{
    public const string Prefix = "PORTAL_";

    /// <summary>The migration history (MigrationRunner's table).</summary>
    public const string MigrationHistory = "_migrations";

    /// <summary>Hidden from table lists: the reserved names and other '_'-prefixed helper tables.</summary>
    public static bool IsInternal(string table) =>
        table.StartsWith('_') || table.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Names no user may read or write: PORTAL_… and the migration history (any case: DuckDB ignores it).</summary>
    public static bool IsReserved(string name) =>
        name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || string.Equals(name, MigrationHistory, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns <paramref name="name"/>, or refuses it (a 400 naming the rule) when the portal reserves it.</summary>
    public static string RefuseReserved(string name) => IsReserved(name)
        ? throw new ReservedNameException(name)
        : name;
}

/// <summary>A user named one of the portal's own tables (or a PORTAL_ column) for reading or writing.</summary>
public sealed class ReservedNameException(string name) : PortalValidationException(
    $"'{name}' is reserved for the portal's own data: names starting with {PortalTables.Prefix} (and {PortalTables.MigrationHistory}) cannot be read or written through the portal's features; choose another name.")
{
    public string Name { get; } = name;
}
