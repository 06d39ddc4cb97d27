using Microsoft.AspNetCore.Components.Authorization;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Web.Auth;

/// <summary>
/// The caller for application services: from the HTTP request in API calls, from the circuit's
/// authentication state in interactive pages (where there is no HttpContext).
/// </summary>
public sealed class HttpOrCircuitCurrentUser(IHttpContextAccessor http, IServiceProvider services) : ICurrentUser
{
    public async ValueTask<PortalPrincipal?> GetAsync()
    {
        if (JobIdentity.Current is { } job)
            return job;
        if (http.HttpContext?.User is { Identity.IsAuthenticated: true } user)
            return PortalClaims.ToPortal(user);
        var state = services.GetService<AuthenticationStateProvider>();
        if (state is null) return null;
        try
        {
            return PortalClaims.ToPortal((await state.GetAuthenticationStateAsync()).User);
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit (e.g. a job) nobody is signed in.
            return null;
        }
    }
}
