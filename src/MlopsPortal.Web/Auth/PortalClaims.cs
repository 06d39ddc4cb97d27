using System.Security.Claims;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

public static class PortalClaims
{
    /// <summary>The account's security stamp when the session was issued; a session whose stamp is stale is refused.</summary>
    public const string StampClaim = "mlops:stamp";

    public static ClaimsPrincipal For(PortalUser user, string scheme) => For(user.UserName, user.Role, user.Stamp, scheme);

    public static ClaimsPrincipal For(string userName, Role role, string stamp, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, role.ToString()), new Claim(StampClaim, stamp)],
            scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static PortalPrincipal? ToPortal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true || principal.Identity.Name is not { } name) return null;
        var role = principal.FindAll(ClaimTypes.Role)
            .Select(c => Roles.TryParse(c.Value, out var r) ? r : Role.Viewer)
            .DefaultIfEmpty(Role.Viewer)
            .Max();
        return new PortalPrincipal(name, role);
    }
}
