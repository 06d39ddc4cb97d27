using Tomlyn;
using Tomlyn.Model;

namespace MlopsPortal.Infrastructure.Snowflake.Config;

/// <summary>The connections found in a Snowflake config directory, and the name of the default one.</summary>
public sealed record SnowflakeConnectionsFile(string? Path, IReadOnlyList<SnowflakeConnection> Connections, string DefaultName)
{
    public SnowflakeConnection? Find(string name) =>
        Connections.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>
/// Reads Snowflake's own connection files the way the Python connector and the CLI do (reference/snowflake.md §6):
/// the directory is $SNOWFLAKE_HOME, else ~/.snowflake when it exists, else the platform config dir; connections.toml
/// (each top-level table a connection) wins over config.toml's [connections.&lt;name&gt;]; the default connection is
/// SNOWFLAKE_DEFAULT_CONNECTION_NAME, else config.toml's default_connection_name, else "default".
/// </summary>
public static class SnowflakeConnectionsReader
{
    public const string HomeVariable = "SNOWFLAKE_HOME";
    public const string DefaultNameVariable = "SNOWFLAKE_DEFAULT_CONNECTION_NAME";

    public static string ResolveDirectory(Func<string, string?> env, string home)
    {
        if (env(HomeVariable) is { Length: > 0 } configured)
            return ExpandHome(configured, home);
        var dotSnowflake = Path.Combine(home, ".snowflake");
        if (Directory.Exists(dotSnowflake))
            return dotSnowflake;
        if (OperatingSystem.IsWindows())
            return Path.Combine(env("LOCALAPPDATA") ?? Path.Combine(home, "AppData", "Local"), "snowflake");
        if (OperatingSystem.IsMacOS())
            return Path.Combine(home, "Library", "Application Support", "snowflake");
        return Path.Combine(env("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".config"), "snowflake");
    }

    /// <summary>Loads a directory; a missing directory or files give an empty list, a malformed file an error naming it.</summary>
    public static SnowflakeConnectionsFile LoadDirectory(string directory, Func<string, string?> env, string home)
    {
        var connectionsPath = Path.Combine(directory, "connections.toml");
        var configPath = Path.Combine(directory, "config.toml");
        var config = File.Exists(configPath) ? ParseToml(File.ReadAllText(configPath), configPath) : null;
        var defaultName = env(DefaultNameVariable) is { Length: > 0 } fromEnv
            ? fromEnv
            : config?.TryGetValue("default_connection_name", out var d) == true && d is string s ? s : "default";
        if (File.Exists(connectionsPath))
            return new(connectionsPath, FromTables(ParseToml(File.ReadAllText(connectionsPath), connectionsPath), connectionsPath, home), defaultName);
        if (config?.TryGetValue("connections", out var c) == true && c is TomlTable tables)
            return new(configPath, FromTables(tables, configPath, home), defaultName);
        return new(null, [], defaultName);
    }

    /// <summary>Loads one connections.toml file (every top-level table a connection), e.g. the portal's config/connections.toml.</summary>
    public static SnowflakeConnectionsFile LoadFile(string path, Func<string, string?> env, string home)
    {
        if (!File.Exists(path))
            throw new SnowflakeConfigurationException($"The Snowflake connections file '{path}' does not exist.");
        var defaultName = env(DefaultNameVariable) is { Length: > 0 } fromEnv ? fromEnv : "default";
        return new(path, FromTables(ParseToml(File.ReadAllText(path), path), path, home), defaultName);
    }

    /// <summary>
    /// Snowflake's connector refuses connection files others can read; the portal reads them anyway but says so,
    /// because they may hold a key passphrase. Null when the file is private (or on Windows).
    /// </summary>
    public static string? PermissionProblem(string? path)
    {
        if (path is null || OperatingSystem.IsWindows() || !File.Exists(path))
            return null;
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return (mode & others) == 0 ? null : $"{path} is readable by other users; run chmod 0600 on it.";
    }

    internal static TomlTable ParseToml(string text, string source)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new SnowflakeConfigurationException($"'{source}' is not valid TOML: {e.Message}", e);
        }
    }

    private static List<SnowflakeConnection> FromTables(TomlTable root, string source, string home)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(source))!;
        var list = new List<SnowflakeConnection>();
        foreach (var (name, value) in root)
            if (value is TomlTable t)
                list.Add(FromTable(name, t, source, baseDir, home));
        return list;
    }

    private static SnowflakeConnection FromTable(string name, TomlTable t, string source, string baseDir, string home)
    {
        string? Get(params string[] keys)
        {
            foreach (var key in keys)
                foreach (var (k, v) in t)
                    if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && v is not null and not TomlTable)
                        return Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }
        var keyFile = Get("private_key_file", "private_key_path");
        return new SnowflakeConnection
        {
            Name = name,
            Account = Get("account"),
            User = Get("user", "username"),
            Role = Get("role"),
            Warehouse = Get("warehouse"),
            Database = Get("database"),
            Schema = Get("schema"),
            Authenticator = Get("authenticator"),
            PrivateKeyFile = keyFile is null ? null : ResolvePath(keyFile, baseDir, home),
            PrivateKeyPassphrase = Get("private_key_file_pwd", "private_key_passphrase"),
            Host = Get("host"),
            Source = source,
        };
    }

    /// <summary>'~' is the home directory; a relative key path is relative to the file that names it.</summary>
    internal static string ResolvePath(string path, string baseDir, string home)
    {
        var expanded = ExpandHome(path, home);
        return Path.IsPathRooted(expanded) ? expanded : Path.GetFullPath(Path.Combine(baseDir, expanded));
    }

    private static string ExpandHome(string path, string home) =>
        path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;
}
