namespace MlopsPortal.Core.Warehouse;

/// <summary>
/// Tells the portal's own bookkeeping tables (migration history, users, job runs, …) from user data,
/// so pages that list or preview tables can leave them out (PORTAL_USERS holds password hashes).
/// </summary>
public static class PortalTables
{
    public const string Prefix = "PORTAL_";

    public static bool IsInternal(string table) =>
        table.StartsWith('_') || table.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
