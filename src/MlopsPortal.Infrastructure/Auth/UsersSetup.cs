using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.Auth;

public static class UsersSetup
{
    /// <summary>Local accounts: the service the web calls, its store, and the cache of who is signed in.</summary>
    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserStore>();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddSingleton<UserSessions>();
        return builder;
    }
}
