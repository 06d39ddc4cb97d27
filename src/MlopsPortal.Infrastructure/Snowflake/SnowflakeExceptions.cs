namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>connections.toml or appsettings do not describe a usable Snowflake connection.</summary>
public sealed class SnowflakeConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The SQL API answered with an error other than a failed statement (400, 401, 403, 5xx after retries…).</summary>
public class SnowflakeApiException(string message, int statusCode, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// The statement ran and failed (HTTP 422): <see cref="Exception.Message"/> is Snowflake's own message,
/// with its code and SQL state kept alongside.
/// </summary>
public sealed class SnowflakeStatementException(string message, string? code, string? sqlState, string? statementHandle)
    : SnowflakeApiException(message, 422)
{
    public string? Code { get; } = code;
    public string? SqlState { get; } = sqlState;
    public string? StatementHandle { get; } = statementHandle;
}

/// <summary>The statement exceeded its timeout (HTTP 408, or the client's own deadline) and was cancelled.</summary>
public sealed class SnowflakeTimeoutException(string message, string? statementHandle) : TimeoutException(message)
{
    public string? StatementHandle { get; } = statementHandle;
}
