using System.Security.Claims;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

/// <summary>
/// Checks a signed-in principal (cookie, bearer token or circuit) against its account now: a removed or disabled
/// account, or a stale security stamp (password changed or reset), ends the session; a changed role is applied.
/// </summary>
public sealed class SessionRevalidator(UserSessions sessions)
{
    /// <summary>Null when the session must end; the same principal when nothing changed; else one with the current role.</summary>
    public async Task<ClaimsPrincipal?> RevalidateAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { } name } identity) return principal;
        var state = await sessions.GetAsync(name, ct);
        var stamp = principal.FindFirst(PortalClaims.StampClaim)?.Value;
        if (state is null || state.Disabled || stamp is null || stamp != state.Stamp) return null;
        if (PortalClaims.ToPortal(principal)?.Role == state.Role) return principal;
        return PortalClaims.For(state.UserName, state.Role, state.Stamp, identity.AuthenticationType ?? "Portal");
    }
}
