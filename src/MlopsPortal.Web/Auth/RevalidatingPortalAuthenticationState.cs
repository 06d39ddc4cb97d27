using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

/// <summary>
/// A Blazor circuit's user, checked again every <c>Auth:RevalidationSeconds</c> (default 30): a disabled account or a
/// stale stamp signs the circuit out, a changed role is applied to the open page (its actions follow the new role).
/// </summary>
public sealed class RevalidatingPortalAuthenticationState(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.RevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopes.CreateAsyncScope();
        var current = await scope.ServiceProvider.GetRequiredService<SessionRevalidator>().RevalidateAsync(authenticationState.User, cancellationToken);
        if (current is null) return false;
        if (!ReferenceEquals(current, authenticationState.User))
            SetAuthenticationState(Task.FromResult(new AuthenticationState(current)));
        return true;
    }
}
