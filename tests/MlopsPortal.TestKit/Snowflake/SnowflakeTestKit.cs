using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using MlopsPortal.Infrastructure.Snowflake.Auth;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.TestKit.Snowflake;

/// <summary>Test keys (Keys/make_keys.sh), a client wired to a fake server, and a logger that keeps every line.</summary>
public static class SnowflakeTestKit
{
    public const string Account = "myorg-myacct";
    public const string User = "svc_portal";
    public const string Passphrase = "test-passphrase-42";

    public static string KeyPath(string name) => Path.Combine(AppContext.BaseDirectory, "Snowflake", "Keys", name);
    public static string PlainPem => File.ReadAllText(KeyPath("rsa_key.p8"));
    public static string EncryptedPem => File.ReadAllText(KeyPath("rsa_key_encrypted.p8"));

    public static RSA PublicKeyOf(RSA key)
    {
        var pub = RSA.Create();
        pub.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return pub;
    }

    public static SnowflakeClientOptions FastOptions(Uri baseAddress) => new()
    {
        BaseAddress = baseAddress,
        Database = "ML_DB",
        Schema = "PORTAL",
        Warehouse = "ML_WH",
        Role = "ML_ROLE",
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        PollInitialDelay = TimeSpan.FromMilliseconds(5),
        PollMaxDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>A fake server that trusts <paramref name="key"/>'s public half, and a client signing with <paramref name="key"/>.</summary>
    public static (FakeSqlApiServer Server, SnowflakeSqlApiClient Client, HttpClient Http) Start(
        Func<FakeRequest, FakeResponse> handler, RSA? key = null, ILogger<SnowflakeSqlApiClient>? log = null,
        Func<SnowflakeClientOptions, SnowflakeClientOptions>? tune = null, RSA? trusted = null)
    {
        key ??= KeyPairJwt.LoadPrivateKey(PlainPem, null);
        var server = new FakeSqlApiServer(PublicKeyOf(trusted ?? key), Account, User, handler);
        var http = new HttpClient(SnowflakeSqlApiClient.CreateHandler()) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var options = FastOptions(server.BaseAddress);
        if (tune is not null)
            options = tune(options);
        var client = new SnowflakeSqlApiClient(http, options, new KeyPairTokenSource(new KeyPairJwt(Account, User, key)), log);
        return (server, client, http);
    }
}

/// <summary>Keeps every formatted log line (and exception text) so tests can look for secrets in them.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public string All => string.Join("\n", Lines);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
}
