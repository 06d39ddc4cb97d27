using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MlopsPortal.Infrastructure.Snowflake.Auth;
using MlopsPortal.Infrastructure.Snowflake.Config;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>A SQL API client for a connection, with the HttpClient it owns (dispose both together).</summary>
public sealed class SnowflakeClientHandle(SnowflakeSqlApiClient client, HttpClient http, KeyPairJwt jwt) : IDisposable
{
    public SnowflakeSqlApiClient Client => client;

    public void Dispose()
    {
        http.Dispose();
        jwt.Dispose();
    }
}

/// <summary>Builds SQL API clients from connections; reads the key file, never logs it.</summary>
public sealed class SnowflakeClientFactory(IConfiguration configuration, ILoggerFactory loggers)
{
    public SnowflakeClientHandle Create(SnowflakeConnection connection, string? schemaOverride = null)
    {
        var problems = connection.Problems();
        if (problems.Count > 0)
            throw new SnowflakeConfigurationException($"The Snowflake connection '{connection.Name}' is not usable: {string.Join("; ", problems)}.");
        var key = KeyPairJwt.LoadPrivateKey(File.ReadAllText(connection.PrivateKeyFile!), connection.PrivateKeyPassphrase);
        var jwt = new KeyPairJwt(connection.Account!, connection.User!, key);
        var http = new HttpClient(SnowflakeSqlApiClient.CreateHandler()) { BaseAddress = connection.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var section = configuration.GetSection(SnowflakeConnectionCatalog.Section);
        var options = new SnowflakeClientOptions
        {
            BaseAddress = connection.BaseAddress,
            Database = connection.Database,
            Schema = schemaOverride ?? connection.Schema,
            Warehouse = connection.Warehouse,
            Role = connection.Role,
            StatementTimeoutSeconds = section.GetValue("StatementTimeoutSeconds", 3600),
            QueryTag = section["QueryTag"] ?? "mlops-portal",
        };
        var client = new SnowflakeSqlApiClient(http, options, new KeyPairTokenSource(jwt), loggers.CreateLogger<SnowflakeSqlApiClient>());
        return new SnowflakeClientHandle(client, http, jwt);
    }
}
