using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

public static class AccountEndpoints
{
    public sealed record TokenRequest(string Username, string Password);

    public sealed record TokenResponse(string Token);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Browser sign-in: a plain form post (anti-forgery checked by UseAntiforgery) that sets the cookie.
        app.MapPost("/account/login", async ([FromForm] string username, [FromForm] string password, [FromForm] string? returnUrl,
            HttpContext http, UserStore users, LoginThrottle throttle) =>
        {
            var back = IsLocal(returnUrl) ? returnUrl! : "/";
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
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).ExcludeFromDescription();

        app.MapPost("/api/auth/token", async (TokenRequest request, UserStore users, LoginThrottle throttle, TokenIssuer tokens) =>
        {
            if (string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
                return Results.Problem(title: "Invalid request", detail: "Give both username and password.", statusCode: 400);
            var wait = throttle.RetryAfter(request.Username);
            if (wait > TimeSpan.Zero)
                return Results.Problem(title: "Too many attempts",
                    detail: $"Too many failed sign-ins for '{request.Username}'; try again in {Math.Ceiling(wait.TotalSeconds)} s.", statusCode: 429);
            var user = await users.VerifyAsync(request.Username, request.Password);
            if (user is null)
            {
                throttle.Failed(request.Username);
                return Results.Problem(title: "Unauthorized", detail: "Unknown user name or wrong password.", statusCode: 401);
            }
            throttle.Succeeded(request.Username);
            return Results.Ok(new TokenResponse(tokens.Issue(user)));
        }).AllowAnonymous().DisableAntiforgery().WithTags("Auth");

        return app;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");
}
