using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using MlopsPortal.Core.Security.Contracts;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

public static class AccountEndpoints
{

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Browser sign-in: a plain form post (anti-forgery checked by UseAntiforgery) that sets the cookie.
        app.MapPost("/account/login", async ([FromForm] string username, [FromForm] string password, [FromForm] string? returnUrl,
            HttpContext http, UserService users, LoginThrottle throttle, SignInLimits limits) =>
        {
            var back = IsLocal(returnUrl) ? returnUrl! : "/";
            if (PerUserLimit(limits, username) is { } tooMany) return tooMany;
            var wait = throttle.RetryAfter(username);
            if (wait > TimeSpan.Zero)
                return Results.Redirect($"/account/login?error=locked&wait={(int)Math.Ceiling(wait.TotalSeconds)}&returnUrl={Uri.EscapeDataString(back)}");
            var user = await users.VerifyAsync(username, password);
            if (user is null)
            {
                throttle.Failed(username);
                return Results.Redirect($"/account/login?error=invalid&returnUrl={Uri.EscapeDataString(back)}");
            }
            throttle.Succeeded(username);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                PortalClaims.For(user, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.LocalRedirect(back);
        }).AllowAnonymous().RequireRateLimiting(SignInLimits.Policy).ExcludeFromDescription();

        // The change-password page's form: checks the current password, writes the new one (a new stamp ends every
        // other session of this user) and re-issues this browser's cookie with the new stamp.
        app.MapPost("/account/password", async ([FromForm] string currentPassword, [FromForm] string newPassword,
            HttpContext http, UserService users) =>
        {
            try
            {
                var user = await users.ChangeOwnPasswordAsync(currentPassword, newPassword, http.RequestAborted);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    PortalClaims.For(user, CookieAuthenticationDefaults.AuthenticationScheme));
                return Results.LocalRedirect("/account/password?done=true");
            }
            catch (Core.Common.PortalValidationException e)
            {
                return Results.LocalRedirect($"/account/password?error={Uri.EscapeDataString(e.Message)}");
            }
        }).RequireAuthorization().ExcludeFromDescription();

        // The same for API callers; their token is refused afterwards (new stamp), so they ask for a new one.
        app.MapPost("/api/account/password", async (PasswordChange request, UserService users, CancellationToken ct) =>
        {
            await users.ChangeOwnPasswordAsync(request.CurrentPassword, request.NewPassword, ct);
            return Results.NoContent();
        }).RequireAuthorization().WithTags("Auth");

        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).ExcludeFromDescription();

        app.MapPost("/api/auth/token", async (TokenRequest request, UserService users, LoginThrottle throttle, TokenIssuer tokens, SignInLimits limits) =>
        {
            if (string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
                return Results.Problem(title: "Invalid request", detail: "Give both username and password.", statusCode: 400);
            if (PerUserLimit(limits, request.Username) is { } tooMany) return tooMany;
            var wait = throttle.RetryAfter(request.Username);
            if (wait > TimeSpan.Zero)
                return SignInLimits.TooMany(wait,
                    $"Too many failed sign-ins for '{request.Username}'; try again in {SignInLimits.Seconds(wait)} s.");
            var user = await users.VerifyAsync(request.Username, request.Password);
            if (user is null)
            {
                throttle.Failed(request.Username);
                return Results.Problem(title: "Unauthorized", detail: "Unknown user name or wrong password.", statusCode: 401);
            }
            throttle.Succeeded(request.Username);
            return Results.Ok(new TokenResponse(tokens.Issue(user)));
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SignInLimits.Policy).WithTags("Auth");

        return app;
    }

    private static IResult? PerUserLimit(SignInLimits limits, string? userName)
    {
        var wait = limits.TryAcquireForUser(userName ?? "");
        return wait == TimeSpan.Zero ? null : SignInLimits.TooMany(wait,
            $"Too many sign-in attempts for '{userName}' (RateLimits:SignInPerUserPerMinute); try again in {SignInLimits.Seconds(wait)} s.");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");
}
