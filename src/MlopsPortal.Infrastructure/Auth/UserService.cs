using Microsoft.AspNetCore.Identity;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Auth;

/// <summary>
/// Local accounts: who may add, change and disable them (Admins), the password policy, and ending a user's sessions when
/// their role, password or state changes. Passwords are kept only as Identity's PBKDF2 hashes (<see cref="UserStore"/>).
/// </summary>
public sealed class UserService(UserStore store, ICurrentUser currentUser, UserSessions sessions)
{
    private static readonly PasswordHasher<string> Hasher = new();
    private static readonly string DummyHash = Hasher.HashPassword("nobody", Guid.NewGuid().ToString());

    public async Task<IReadOnlyList<PortalUser>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "list users");
        return await store.ListAsync(ct);
    }

    public Task<bool> AnyAsync(CancellationToken ct = default) => store.AnyAsync(ct);

    /// <summary>Checks a password; returns the user when it matches and the account is enabled. Used by sign-in, so it needs no caller.</summary>
    public async Task<PortalUser?> VerifyAsync(string userName, string password, CancellationToken ct = default)
    {
        if (await store.FindAsync(userName, ct) is not { } found)
        {
            // Spend the same time as a real check so a missing account is not told apart by timing.
            Hasher.VerifyHashedPassword(userName, DummyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(found.User.UserName, found.PasswordHash, password);
        // A disabled account is refused like a wrong password, after the same work, so it cannot be told apart.
        return result == PasswordVerificationResult.Failed || found.User.Disabled ? null : found.User;
    }

    /// <summary>Creates the first admin at start-up; does nothing when any user exists.</summary>
    public async Task<bool> CreateFirstAdminAsync(string userName, string password, CancellationToken ct = default)
    {
        if (await store.AnyAsync(ct)) return false;
        PasswordPolicy.Require(userName, password);
        await store.InsertAsync(userName, Hasher.HashPassword(userName, password), Role.Admin, NewStamp(), ct);
        return true;
    }

    public async Task CreateAsync(string userName, string password, Role role, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "add users");
        ValidateUserName(userName);
        PasswordPolicy.Require(userName, password);
        if (await store.FindAsync(userName, ct) is not null)
            throw new PortalValidationException($"A user named '{userName}' already exists.");
        await store.InsertAsync(userName, Hasher.HashPassword(userName, password), role, NewStamp(), ct);
    }

    public async Task SetRoleAsync(string userName, Role role, CancellationToken ct = default)
    {
        var admin = await currentUser.RequireAsync(Role.Admin, "change roles");
        if (string.Equals(admin.UserName, userName, StringComparison.OrdinalIgnoreCase) && role != Role.Admin)
            throw new PortalValidationException("You cannot take the Admin role from yourself; ask another admin.");
        Found(await store.SetRoleAsync(userName, role, ct), userName);
    }

    /// <summary>Disables or enables an account; disabling ends its open sessions (new stamp) and refuses sign-in.</summary>
    public async Task SetDisabledAsync(string userName, bool disabled, CancellationToken ct = default)
    {
        var admin = await currentUser.RequireAsync(Role.Admin, disabled ? "disable users" : "enable users");
        if (disabled && string.Equals(admin.UserName, userName, StringComparison.OrdinalIgnoreCase))
            throw new PortalValidationException("You cannot disable yourself; ask another admin.");
        Found(await store.SetDisabledAsync(userName, disabled, NewStamp(), ct), userName);
    }

    /// <summary>An admin sets someone's password; their open sessions end.</summary>
    public async Task ResetPasswordAsync(string userName, string newPassword, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "reset passwords");
        PasswordPolicy.Require(userName, newPassword);
        Found(await store.SetPasswordAsync(userName, Hasher.HashPassword(userName, newPassword), NewStamp(), ct), userName);
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
        Found(await store.SetPasswordAsync(me.UserName, Hasher.HashPassword(me.UserName, newPassword), NewStamp(), ct), me.UserName);
        return (await VerifyAsync(me.UserName, newPassword, ct))!;
    }

    /// <summary>Throws when nothing was changed because there is no such user; otherwise ends the user's sessions.</summary>
    private void Found(bool changed, string userName)
    {
        if (!changed) throw new PortalNotFoundException($"There is no user named '{userName}'.");
        sessions.Forget(userName);
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private static void ValidateUserName(string userName)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64 || !userName.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
            throw new PortalValidationException($"'{userName}' is not a valid user name: use 1–64 letters, digits, '.', '_', '-' or '@'.");
    }
}
