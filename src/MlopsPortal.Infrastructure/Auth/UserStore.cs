using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Auth;

/// <summary>
/// PORTAL_USERS, read and written; no rules (roles, password policy, sessions) — <see cref="UserService"/> holds them.
/// Names compare case-insensitively, so 'Ann' and 'ann' are one account.
/// </summary>
public sealed class UserStore(IWarehouse warehouse)
{
    public async Task<IReadOnlyList<PortalUser>> ListAsync(CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<UserRow>("SELECT USERNAME, ROLE, CREATED_AT, DISABLED, SECURITY_STAMP FROM PORTAL_USERS ORDER BY USERNAME", ct: ct);
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken ct) =>
        await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_USERS", ct: ct) > 0;

    /// <summary>The account and its password hash, or null when there is none by that name.</summary>
    public async Task<(PortalUser User, string PasswordHash)?> FindAsync(string userName, CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<UserRow>(
            "SELECT USERNAME, ROLE, CREATED_AT, PASSWORD_HASH, DISABLED, SECURITY_STAMP FROM PORTAL_USERS WHERE lower(USERNAME) = lower($name)",
            new { name = userName }, ct);
        return rows.Count == 0 ? null : (rows[0].ToUser(), rows[0].PASSWORD_HASH ?? "");
    }

    public Task InsertAsync(string userName, string passwordHash, Role role, string stamp, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            "INSERT INTO PORTAL_USERS (USERNAME, PASSWORD_HASH, ROLE, CREATED_AT, SECURITY_STAMP, DISABLED) VALUES ($name, $hash, $role, $now, $stamp, FALSE)",
            new { name = userName, hash = passwordHash, role = role.ToString(), now = DateTime.UtcNow, stamp },
            ct);

    /// <summary>False when there is no such user.</summary>
    public async Task<bool> SetRoleAsync(string userName, Role role, CancellationToken ct) =>
        await warehouse.ExecuteAsync(
            "UPDATE PORTAL_USERS SET ROLE = $role WHERE lower(USERNAME) = lower($name)", new { role = role.ToString(), name = userName }, ct) > 0;

    /// <summary>False when there is no such user.</summary>
    public async Task<bool> SetDisabledAsync(string userName, bool disabled, string stamp, CancellationToken ct) =>
        await warehouse.ExecuteAsync(
            "UPDATE PORTAL_USERS SET DISABLED = $disabled, SECURITY_STAMP = $stamp WHERE lower(USERNAME) = lower($name)",
            new { disabled, stamp, name = userName }, ct) > 0;

    /// <summary>False when there is no such user.</summary>
    public async Task<bool> SetPasswordAsync(string userName, string passwordHash, string stamp, CancellationToken ct) =>
        await warehouse.ExecuteAsync(
            "UPDATE PORTAL_USERS SET PASSWORD_HASH = $hash, SECURITY_STAMP = $stamp WHERE lower(USERNAME) = lower($name)",
            new { hash = passwordHash, stamp, name = userName }, ct) > 0;

    private sealed class UserRow
    {
        public string USERNAME { get; set; } = "";
        public string ROLE { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? PASSWORD_HASH { get; set; }
        public bool? DISABLED { get; set; }
        public string? SECURITY_STAMP { get; set; }

        public PortalUser ToUser() =>
            new(USERNAME, Roles.TryParse(ROLE, out var r) ? r : Role.Viewer, DateTime.SpecifyKind(CREATED_AT, DateTimeKind.Utc),
                DISABLED == true, SECURITY_STAMP ?? UserSessions.NoStamp);
    }
}
