using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Auth;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Web.Auth;

public static class AuthSetup
{
    /// <summary>The scheme that picks cookies (browser) or bearer tokens (API) per request.</summary>
    public const string PortalScheme = "Portal";

    public static IHostApplicationBuilder AddPortalAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(PortalScheme)
            .AddPolicyScheme(PortalScheme, "Cookie or bearer", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerTokenDefaults.AuthenticationScheme
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Cookie.Name = "mlops.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // The API answers with status codes, never with a redirect to the login page.
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = RevalidateCookieAsync;
            })
            .AddBearerToken(options => options.BearerTokenExpiration = TimeSpan.FromHours(8));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.DataScientist, p => p.RequireRole(Roles.DataScientist, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ICurrentUser, HttpOrCircuitCurrentUser>();
        builder.AddUsers();
        builder.Services.AddSingleton<SessionRevalidator>();
        // Replaces the circuit's default provider (registered with TryAdd by AddInteractiveServerComponents).
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingPortalAuthenticationState>();
        builder.AddValidatedOptions<AuthOptions>(AuthOptions.Section);
        SignInLimits.AddSignInLimits(builder.Services, builder.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section));
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<FirstAdminReport>();
        builder.Services.AddHostedService<FirstAdminBootstrap>();
        return builder;
    }

    /// <summary>
    /// Runs after UseAuthentication: a bearer token whose account was disabled, removed or had its password changed is
    /// treated as no token (401); a changed role applies at once. Cookies are checked by their own event.
    /// </summary>
    public static IApplicationBuilder UseSessionRevalidation(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: BearerTokenDefaults.AuthenticationScheme })
            {
                var current = await http.RequestServices.GetRequiredService<SessionRevalidator>().RevalidateAsync(http.User, http.RequestAborted);
                http.User = current ?? new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
            }
            await next(http);
        });

    private static async Task RevalidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null) return;
        var current = await context.HttpContext.RequestServices.GetRequiredService<SessionRevalidator>()
            .RevalidateAsync(context.Principal, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (!ReferenceEquals(current, context.Principal))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string Viewer = "Viewer";
    public const string DataScientist = "DataScientist";
    public const string Admin = "Admin";
}
