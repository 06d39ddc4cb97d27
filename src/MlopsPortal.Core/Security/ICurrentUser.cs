namespace MlopsPortal.Core.Security;

/// <summary>Who is calling. Application services check it, so rules hold for the UI, the API and the CLI alike.</summary>
public interface ICurrentUser
{
    /// <summary>Null when nobody is signed in.</summary>
    ValueTask<PortalPrincipal?> GetAsync();
}

public sealed record PortalPrincipal(string UserName, Role Role)
{
    public bool IsAtLeast(Role role) => Role >= role;
}

public static class CurrentUserExtensions
{
    /// <summary>Returns the caller when they hold at least <paramref name="role"/>; throws <see cref="PortalForbiddenException"/> otherwise.</summary>
    public static async ValueTask<PortalPrincipal> RequireAsync(this ICurrentUser user, Role role, string action)
    {
        var principal = await user.GetAsync()
            ?? throw new PortalForbiddenException($"Sign in to {action}.");
        if (!principal.IsAtLeast(role))
            throw new PortalForbiddenException($"{principal.UserName} is a {principal.Role}; {action} needs the {role} role.");
        return principal;
    }
}

/// <summary>Thrown when the caller lacks the role an action needs; the API answers 403.</summary>
public sealed class PortalForbiddenException(string message) : Exception(message);
