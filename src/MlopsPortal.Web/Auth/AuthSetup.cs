using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Auth;

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
            })
            .AddBearerToken(options => options.BearerTokenExpiration = TimeSpan.FromHours(8));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.DataScientist, p => p.RequireRole(Roles.DataScientist, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ICurrentUser, HttpOrCircuitCurrentUser>();
        builder.Services.AddScoped<UserStore>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<FirstAdminReport>();
        builder.Services.AddHostedService<FirstAdminBootstrap>();
        return builder;
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
