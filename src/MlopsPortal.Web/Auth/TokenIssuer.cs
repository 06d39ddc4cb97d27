using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

/// <summary>Issues the opaque, data-protected bearer tokens that ASP.NET's bearer handler accepts.</summary>
public sealed class TokenIssuer(IOptionsMonitor<BearerTokenOptions> options, TimeProvider clock)
{
    public string Issue(PortalUser user)
    {
        var bearer = options.Get(BearerTokenDefaults.AuthenticationScheme);
        var now = clock.GetUtcNow();
        var ticket = new AuthenticationTicket(
            PortalClaims.For(user, BearerTokenDefaults.AuthenticationScheme),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + bearer.BearerTokenExpiration },
            BearerTokenDefaults.AuthenticationScheme);
        return bearer.BearerTokenProtector.Protect(ticket);
    }
}
