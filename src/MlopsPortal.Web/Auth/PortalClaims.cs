using System.Security.Claims;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

public static class PortalClaims
{
    public static ClaimsPrincipal For(PortalUser user, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.UserName), new Claim(ClaimTypes.Role, user.Role.ToString())],
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
