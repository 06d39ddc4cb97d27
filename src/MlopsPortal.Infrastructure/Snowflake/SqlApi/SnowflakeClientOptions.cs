namespace MlopsPortal.Infrastructure.Snowflake.SqlApi;

/// <summary>Where and how the SQL API client talks to Snowflake. Holds no secret.</summary>
public sealed class SnowflakeClientOptions
{
    /// <summary><c>https://&lt;account&gt;.snowflakecomputing.com</c> (a loopback address in tests).</summary>
    public required Uri BaseAddress { get; init; }

    // Context sent with every statement; Snowflake treats these as case-sensitive.
    public string? Database { get; init; }
    public string? Schema { get; init; }
    public string? Warehouse { get; init; }
    public string? Role { get; init; }

    /// <summary>Server-side statement timeout in seconds (0 = Snowflake's maximum, 7 days).</summary>
    public int StatementTimeoutSeconds { get; init; } = 3600;

    /// <summary>How long past the server-side timeout the client waits before it cancels the statement itself.</summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one HTTP call (submit, one poll, one partition).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries of a 429/503/504 (and transport failures) before giving up.</summary>
    public int MaxRetries { get; init; } = 6;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait between polls of a 202; doubles up to <see cref="PollMaxDelay"/>.</summary>
    public TimeSpan PollInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The SQL API requires a User-Agent.</summary>
    public string UserAgent { get; init; } = "MlopsPortal/1.0";

    public string QueryTag { get; init; } = "mlops-portal";
}

/// <summary>Supplies the bearer token; a key-pair JWT here, renewed before it expires.</summary>
public interface ISnowflakeTokenSource
{
    /// <summary>Value of X-Snowflake-Authorization-Token-Type, e.g. KEYPAIR_JWT.</summary>
    string TokenType { get; }

    string GetToken();

    /// <summary>Forget the current token (the server said 401).</summary>
    void Invalidate();
}
