using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using MlopsPortal.Infrastructure.Hosting;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>
/// Picks Hangfire's storage from configuration. The default is a SQLite file in the data directory (one portal
/// owns it); <c>Jobs:Storage = PostgreSql</c> with <c>ConnectionStrings:Hangfire</c> lets several portal
/// instances share one queue, each job running exactly once on whichever instance fetches it first.
/// </summary>
public static class JobStorageFactory
{
    public const string StorageKey = "Jobs:Storage";
    public const string ConnectionStringName = "Hangfire";

    /// <summary>Both storages poll every second: jobs start promptly and CI stays fast.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static JobStorage Create(IConfiguration configuration)
    {
        var kind = configuration[StorageKey];
        if (string.IsNullOrWhiteSpace(kind) || kind.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            return Sqlite(configuration);
        if (kind.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || kind.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            return PostgreSql(configuration);
        throw new InvalidOperationException($"{StorageKey} is '{kind}': use 'Sqlite' (the default) or 'PostgreSql'.");
    }

    private static SQLiteStorage Sqlite(IConfiguration configuration)
    {
        var storagePath = Path.Combine(PortalPaths.DataDirectory(configuration), "hangfire.db");
        return new SQLiteStorage(storagePath, new SQLiteStorageOptions { QueuePollInterval = PollInterval });
    }

    private static PostgreSqlStorage PostgreSql(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"{StorageKey} is PostgreSql but ConnectionStrings:{ConnectionStringName} is empty " +
                "(environment: ConnectionStrings__Hangfire=\"Host=...;Database=...;Username=...;Password=...\").");
        var options = new PostgreSqlStorageOptions
        {
            QueuePollInterval = PollInterval,
            // Every instance may start first on an empty database; Hangfire.PostgreSql serialises the schema
            // install with a lock, so all of them can ask for it.
            PrepareSchemaIfNecessary = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
