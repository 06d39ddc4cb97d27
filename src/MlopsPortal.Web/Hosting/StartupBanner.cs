using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MlopsPortal.Web.Auth;

namespace MlopsPortal.Web.Hosting;

/// <summary>
/// Once the portal listens, says on the console where, as whom to sign in and where that password came from, so the
/// README's first command ends in something a newcomer can act on. The password itself is never printed here.
/// </summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, FirstAdminReport admin) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine(Text(addresses, admin));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string Text(IEnumerable<string> addresses, FirstAdminReport admin)
    {
        var urls = addresses.Select(a => a.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)).ToList();
        var where = urls.Count > 0 ? string.Join(", ", urls) : "(no address: hosted in-process)";
        return $"MlopsPortal is up on {where}\n  sign in as '{admin.User}'; password: {admin.PasswordSource}";
    }
}
