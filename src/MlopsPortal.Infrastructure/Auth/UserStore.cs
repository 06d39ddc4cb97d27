using Microsoft.AspNetCore.Identity;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Auth;

/// <summary>Local accounts in PORTAL_USERS; passwords are kept only as Identity's PBKDF2 hashes.</summary>
public sealed class UserStore(IWarehouse warehouse, ICurrentUser currentUser, UserSessions sessions)
{
    private static readonly PasswordHasher<string> Hasher = new();

    public async Task<IReadOnlyList<PortalUser>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "list users");
        var rows = await warehouse.QueryAsync<UserRow>("SELECT USERNAME, ROLE, CREATED_AT, DISABLED, SECURITY_STAMP FROM PORTAL_USERS ORDER BY USERNAME", ct: ct);
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default) =>
        await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_USERS", ct: ct) > 0;

    /// <summary>Checks a password; returns the user when it matches and the account is enabled. Used by sign-in, so it needs no caller.</summary>
    public async Task<PortalUser?> VerifyAsync(string userName, string password, CancellationToken ct = default)
    {
        var rows = await warehouse.QueryAsync<UserRow>(
            "SELECT USERNAME, ROLE, CREATED_AT, PASSWORD_HASH, DISABLED, SECURITY_STAMP FROM PORTAL_USERS WHERE lower(USERNAME) = lower($name)",
            new { name = userName }, ct);
        if (rows.Count == 0)
        {
            // Spend the same time as a real check so a missing account is not told apart by timing.
            Hasher.VerifyHashedPassword(userName, DummyHash, password);
            return null;
        }
        var row = rows[0];
        var result = Hasher.VerifyHashedPassword(row.USERNAME, row.PASSWORD_HASH!, password);
        // A disabled account is refused like a wrong password, after the same work, so it cannot be told apart.
        return result == PasswordVerificationResult.Failed || row.DISABLED == true ? null : row.ToUser();
    }

    /// <summary>Creates the first admin at start-up; does nothing when any user exists.</summary>
    public async Task<bool> CreateFirstAdminAsync(string userName, string password, CancellationToken ct = default)
    {
        if (await AnyAsync(ct)) return false;
        PasswordPolicy.Require(userName, password);
        await InsertAsync(userName, password, Role.Admin, ct);
        return true;
    }

    public async Task CreateAsync(string userName, string password, Role role, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "add users");
        ValidateUserName(userName);
        PasswordPolicy.Require(userName, password);
        var exists = await warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM PORTAL_USERS WHERE lower(USERNAME) = lower($name)", new { name = userName }, ct);
        if (exists > 0) throw new PortalValidationException($"A user named '{userName}' already exists.");
        await InsertAsync(userName, password, role, ct);
    }

    public async Task SetRoleAsync(string userName, Role role, CancellationToken ct = default)
    {
        var admin = await currentUser.RequireAsync(Role.Admin, "change roles");
        if (string.Equals(admin.UserName, userName, StringComparison.OrdinalIgnoreCase) && role != Role.Admin)
            throw new PortalValidationException("You cannot take the Admin role from yourself; ask another admin.");
        var changed = await warehouse.ExecuteAsync(
            "UPDATE PORTAL_USERS SET ROLE = $role WHERE lower(USERNAME) = lower($name)", new { role = role.ToString(), name = userName }, ct);
        if (changed == 0) throw new PortalNotFoundException($"There is no user named '{userName}'.");
        sessions.Forget(userName);
    }

    /// <summary>Disables or enables an account; disabling ends its open sessions (new stamp) and refuses sign-in.</summary>
    public async Task SetDisabledAsync(string userName, bool disabled, CancellationToken ct = default)
    {
        var admin = await currentUser.RequireAsync(Role.Admin, disabled ? "disable users" : "enable users");
        if (disabled && string.Equals(admin.UserName, userName, StringComparison.OrdinalIgnoreCase))
            throw new PortalValidationException("You cannot disable yourself; ask another admin.");
        var changed = await warehouse.ExecuteAsync(
            "UPDATE PORTAL_USERS SET DISABLED = $disabled, SECURITY_STAMP = $stamp WHERE lower(USERNAME) = lower($name)",
            new { disabled, stamp = NewStamp(), name = userName }, ct);
        if (changed == 0) throw new PortalNotFoundException($"There is no user named '{userName}'.");
        sessions.Forget(userName);
    }

    /// <summary>An admin sets someone's password; their open sessions end.</summary>
    public async Task ResetPasswordAsync(string userName, string newPassword, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "reset passwords");
        PasswordPolicy.Require(userName, newPassword);
        await WritePasswordAsync(userName, newPassword, ct);
    }

    /// <summary>The caller changes their own password, proving the current one; their other sessions end.</summary>
    public async Task<PortalUser> ChangeOwnPasswordAsync(string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var me = await currentUser.RequireAsync(Role.Viewer, "change your password");
        if (await VerifyAsync(me.UserName, currentPassword ?? "", ct) is null)
            throw new PortalValidationException("The current password is wrong.");
        PasswordPolicy.Require(me.UserName, newPassword);
        if (newPassword == currentPassword)
            throw new PortalValidationException("The new password must differ from the current one.");
        await WritePasswordAsync(me.UserName, newPassword, ct);
        return (await VerifyAsync(me.UserName, newPassword, ct))!;
    }

    private async Task WritePasswordAsync(string userName, string password, CancellationToken ct)
    {
        var changed = await warehouse.ExecuteAsync(
            "UPDATE PORTAL_USERS SET PASSWORD_HASH = $hash, SECURITY_STAMP = $stamp WHERE lower(USERNAME) = lower($name)",
            new { hash = Hasher.HashPassword(userName, password), stamp = NewStamp(), name = userName }, ct);
        if (changed == 0) throw new PortalNotFoundException($"There is no user named '{userName}'.");
        sessions.Forget(userName);
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private Task<long> InsertAsync(string userName, string password, Role role, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            "INSERT INTO PORTAL_USERS (USERNAME, PASSWORD_HASH, ROLE, CREATED_AT, SECURITY_STAMP, DISABLED) VALUES ($name, $hash, $role, $now, $stamp, FALSE)",
            new { name = userName, hash = Hasher.HashPassword(userName, password), role = role.ToString(), now = DateTime.UtcNow, stamp = NewStamp() },
            ct);

    private static void ValidateUserName(string userName)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64 || !userName.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
            throw new PortalValidationException($"'{userName}' is not a valid user name: use 1–64 letters, digits, '.', '_', '-' or '@'.");
    }

    private static readonly string DummyHash = Hasher.HashPassword("nobody", Guid.NewGuid().ToString());

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
