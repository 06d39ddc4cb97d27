namespace MlopsPortal.Infrastructure.Snowflake.Config;

/// <summary>
/// One named connection, as connections.toml or appsettings describe it. The passphrase is a secret:
/// <see cref="ToString"/> leaves it (and the key's content) out, and nothing logs this object's secrets.
/// </summary>
public sealed class SnowflakeConnection
{
    public const string JwtAuthenticator = "SNOWFLAKE_JWT";

    public required string Name { get; init; }
    public string? Account { get; init; }
    public string? User { get; init; }
    public string? Role { get; init; }
    public string? Warehouse { get; init; }
    public string? Database { get; init; }
    public string? Schema { get; init; }

    /// <summary>Compared case-insensitively; the portal supports SNOWFLAKE_JWT (key-pair) only.</summary>
    public string? Authenticator { get; init; }

    /// <summary>private_key_file (Python connector) or private_key_path (CLI).</summary>
    public string? PrivateKeyFile { get; init; }

    /// <summary>private_key_file_pwd: the passphrase of an encrypted PKCS#8 key. Secret.</summary>
    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>Optional host override (a full URL is accepted, e.g. a proxy or a test server).</summary>
    public string? Host { get; init; }

    /// <summary>Where this connection was read from (file path or "appsettings").</summary>
    public string Source { get; init; } = "";

    public bool UsesKeyPair => string.Equals(Authenticator, JwtAuthenticator, StringComparison.OrdinalIgnoreCase);

    /// <summary>https://&lt;account lowercased, '_' → '-'&gt;.snowflakecomputing.com, unless <see cref="Host"/> says otherwise.</summary>
    public Uri BaseAddress
    {
        get
        {
            if (Host is { Length: > 0 } host)
                return host.Contains("://", StringComparison.Ordinal) ? new Uri(host) : new Uri("https://" + host);
            return new Uri($"https://{Account!.Trim().ToLowerInvariant().Replace('_', '-')}.snowflakecomputing.com");
        }
    }

    /// <summary>What makes this connection unusable by the portal, or an empty list.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Account)) problems.Add("'account' is missing");
        if (string.IsNullOrWhiteSpace(User)) problems.Add("'user' is missing");
        if (!UsesKeyPair)
            problems.Add($"authenticator is '{Authenticator ?? "snowflake"}' but the portal signs in with key pairs only: set authenticator = \"SNOWFLAKE_JWT\"");
        if (string.IsNullOrWhiteSpace(PrivateKeyFile)) problems.Add("'private_key_file' is missing");
        else if (!File.Exists(PrivateKeyFile)) problems.Add($"the private key file '{PrivateKeyFile}' does not exist");
        return problems;
    }

    public override string ToString() =>
        $"{Name} (account {Account}, user {User}, role {Role}, warehouse {Warehouse}, {Database}.{Schema}, key {PrivateKeyFile}" +
        $"{(PrivateKeyPassphrase is null ? "" : ", passphrase set")})";
}
