using System.Security.Cryptography;
using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Web.Auth;

/// <summary>
/// On a portal with no users, creates the admin from MLOPS_ADMIN_USER / MLOPS_ADMIN_PASSWORD, or with a
/// generated password written once to the console (never to the log). Registered after the warehouse,
/// whose start-up (migrations) therefore has run.
/// </summary>
public sealed class FirstAdminBootstrap(IServiceProvider services, IConfiguration configuration, FirstAdminReport report) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var name = configuration["MLOPS_ADMIN_USER"] is { Length: > 0 } n ? n : "admin";
        var configured = configuration["MLOPS_ADMIN_PASSWORD"];
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        if (!string.IsNullOrEmpty(configured) && PasswordPolicy.Problem(name, configured) is { } problem && !await users.AnyAsync(cancellationToken))
            throw new InvalidOperationException(
                $"MLOPS_ADMIN_PASSWORD is too weak for the first admin '{name}': {problem} " +
                "Set a stronger one (at least " + PasswordPolicy.MinLength + " characters), or leave it unset to have one generated and printed once.");
        var created = await users.CreateFirstAdminAsync(name, password, cancellationToken);
        if (created) report.Created(name, fromEnvironment: !string.IsNullOrEmpty(configured));
        else report.Existing(name);
        if (created && string.IsNullOrEmpty(configured))
        {
            Console.WriteLine("==============================================================");
            Console.WriteLine($" First start: created admin '{name}' with password: {password}");
            Console.WriteLine(" It is shown only this once. Set MLOPS_ADMIN_PASSWORD to choose one.");
            Console.WriteLine("==============================================================");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
