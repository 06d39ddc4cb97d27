using Microsoft.Extensions.Configuration;

namespace MlopsPortal.Infrastructure.Snowflake.Config;

/// <summary>
/// Every Snowflake connection the portal knows: from a connections.toml (the file named by <c>Snowflake:ConnectionsFile</c>,
/// e.g. the repo's config/connections.toml, else Snowflake's own directory) plus <c>Snowflake:Connections:&lt;name&gt;</c>
/// in appsettings (appsettings wins on a name clash). The default is <c>Snowflake:Connection</c>, else
/// SNOWFLAKE_DEFAULT_CONNECTION_NAME, else config.toml's default_connection_name, else "default".
/// </summary>
public sealed class SnowflakeConnectionCatalog
{
    public const string Section = "Snowflake";

    public SnowflakeConnectionCatalog(IConfiguration configuration, Func<string, string?>? env = null, string? home = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        home ??= Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var section = configuration.GetSection(Section);
        SnowflakeConnectionsFile file;
        if (section["ConnectionsFile"] is { Length: > 0 } path)
            file = SnowflakeConnectionsReader.LoadFile(Path.GetFullPath(path), env, home);
        else
        {
            Directory = SnowflakeConnectionsReader.ResolveDirectory(env, home);
            file = SnowflakeConnectionsReader.LoadDirectory(Directory, env, home);
        }
        FilePath = file.Path;
        var byName = file.Connections.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var child in section.GetSection("Connections").GetChildren())
            byName[child.Key] = FromSettings(child, home);
        Connections = byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        DefaultName = section["Connection"] is { Length: > 0 } configured ? configured : file.DefaultName;
    }

    /// <summary>The Snowflake config directory looked in (null when a file was named explicitly).</summary>
    public string? Directory { get; }

    /// <summary>The TOML file the connections came from, if any.</summary>
    public string? FilePath { get; }

    public IReadOnlyList<SnowflakeConnection> Connections { get; }
    public string DefaultName { get; }

    public SnowflakeConnection? Find(string? name) =>
        Connections.FirstOrDefault(c => string.Equals(c.Name, name ?? DefaultName, StringComparison.Ordinal));

    /// <summary>The named (or default) connection, checked; a clear error naming what is missing otherwise.</summary>
    public SnowflakeConnection Resolve(string? name)
    {
        var wanted = string.IsNullOrWhiteSpace(name) ? DefaultName : name;
        var connection = Find(wanted) ?? throw new SnowflakeConfigurationException(
            $"No Snowflake connection named '{wanted}'. Known: {(Connections.Count == 0 ? "none" : string.Join(", ", Connections.Select(c => c.Name)))} " +
            $"(looked in {FilePath ?? Directory ?? "?"} and appsettings {Section}:Connections).");
        var problems = connection.Problems();
        if (problems.Count > 0)
            throw new SnowflakeConfigurationException($"The Snowflake connection '{wanted}' ({connection.Source}) is not usable: {string.Join("; ", problems)}.");
        return connection;
    }

    private static SnowflakeConnection FromSettings(IConfigurationSection s, string home)
    {
        string? Get(params string[] keys) => keys.Select(k => s[k]).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var key = Get("PrivateKeyFile", "private_key_file", "private_key_path");
        return new SnowflakeConnection
        {
            Name = s.Key,
            Account = Get("Account", "account"),
            User = Get("User", "user"),
            Role = Get("Role", "role"),
            Warehouse = Get("Warehouse", "warehouse"),
            Database = Get("Database", "database"),
            Schema = Get("Schema", "schema"),
            Authenticator = Get("Authenticator", "authenticator") ?? SnowflakeConnection.JwtAuthenticator,
            PrivateKeyFile = key is null ? null : SnowflakeConnectionsReader.ResolvePath(key, System.IO.Directory.GetCurrentDirectory(), home),
            PrivateKeyPassphrase = Get("PrivateKeyPassphrase", "private_key_file_pwd"),
            Host = Get("Host", "host"),
            Source = "appsettings",
        };
    }
}
