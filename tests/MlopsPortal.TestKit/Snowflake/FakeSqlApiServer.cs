using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlopsPortal.TestKit.Snowflake;

/// <summary>A request the fake received, with what the assertions need.</summary>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, JsonNode? Body,
    IReadOnlyDictionary<string, string> Headers)
{
    public string? Statement => Body?["statement"]?.GetValue<string>();
}

/// <summary>What the fake answers: a status, a JSON body, optionally gzip-compressed, optional headers.</summary>
public sealed record FakeResponse(int Status, string Json, bool Gzip = false, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Gzip the body but do not say so in Content-Encoding.</summary>
    public bool Undeclared { get; init; }
}

/// <summary>
/// A loopback server that follows the SQL API v2 contract (reference/snowflake.md §5–6) far enough to test the client:
/// it checks every request's key-pair JWT (RS256 signature against the public key, iss/sub with the fingerprint,
/// exp in the future and at most one hour after iat), the token-type header, the User-Agent and the JSON content type,
/// answering 401/415/400 as Snowflake does; everything else is answered by the test's handler.
/// </summary>
public sealed class FakeSqlApiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly RSA _publicKey;
    private readonly string _expectedIss;
    private readonly string _expectedSub;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public FakeSqlApiServer(RSA publicKey, string account, string user, Func<FakeRequest, FakeResponse> handler)
    {
        _publicKey = publicKey;
        var fp = "SHA256:" + Convert.ToBase64String(SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo()));
        _expectedSub = $"{account.ToUpperInvariant()}.{user.ToUpperInvariant()}";
        _expectedIss = $"{_expectedSub}.{fp}";
        Handler = handler;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseAddress { get; }
    public Func<FakeRequest, FakeResponse> Handler { get; set; }
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();
    public ConcurrentQueue<string> Tokens { get; } = new();
    public ConcurrentQueue<string> Rejections { get; } = new();
    private int _gzipResponses;
    public int GzipResponses => Volatile.Read(ref _gzipResponses);

    public IReadOnlyList<FakeRequest> Submits => Requests.Where(r => r.Method == "POST" && r.Path == "/api/v2/statements").ToList();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            var headers = request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var rejection = CheckAuth(headers);
            if (rejection is null && request.HttpMethod == "POST" && !(request.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal))
                rejection = (415, "Unsupported media type");
            if (rejection is not null)
            {
                Rejections.Enqueue(rejection.Value.Message);
                Write(response, new FakeResponse(rejection.Value.Status, JsonSerializer.Serialize(new { code = "390144", message = rejection.Value.Message })), false);
                return;
            }
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var query = (request.Url!.Query.TrimStart('?')).Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
            var fake = new FakeRequest(request.HttpMethod, request.Url.AbsolutePath, query,
                string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text), headers);
            Requests.Enqueue(fake);
            var acceptsGzip = headers.TryGetValue("Accept-Encoding", out var ae) && ae.Contains("gzip", StringComparison.Ordinal);
            Write(response, Handler(fake), acceptsGzip);
        }
        catch (Exception e)
        {
            Write(response, new FakeResponse(500, JsonSerializer.Serialize(new { message = "fake server failure: " + e.Message })), false);
        }
    }

    private (int Status, string Message)? CheckAuth(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("User-Agent", out var ua) || string.IsNullOrWhiteSpace(ua))
            return (400, "User-Agent header is required");
        if (!headers.TryGetValue("X-Snowflake-Authorization-Token-Type", out var type) || type != "KEYPAIR_JWT")
            return (401, "token type is not KEYPAIR_JWT");
        if (!headers.TryGetValue("Authorization", out var auth) || !auth.StartsWith("Bearer ", StringComparison.Ordinal))
            return (401, "no bearer token");
        var token = auth["Bearer ".Length..];
        Tokens.Enqueue(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
            return (401, "malformed JWT");
        var header = JsonNode.Parse(FromBase64Url(parts[0]))!;
        if (header["alg"]?.GetValue<string>() != "RS256")
            return (401, "JWT alg is not RS256");
        var signed = _publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!signed)
            return (401, "JWT signature does not verify with the user's public key");
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!;
        if (claims["iss"]?.GetValue<string>() != _expectedIss)
            return (401, $"JWT iss is not {_expectedIss}");
        if (claims["sub"]?.GetValue<string>() != _expectedSub)
            return (401, $"JWT sub is not {_expectedSub}");
        var iat = claims["iat"]!.GetValue<long>();
        var exp = claims["exp"]!.GetValue<long>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (exp <= now)
            return (401, "JWT expired");
        if (exp - iat > 3600 || iat > now + 60)
            return (401, "JWT lifetime is over one hour or iat is in the future");
        return null;
    }

    private void Write(HttpListenerResponse response, FakeResponse answer, bool acceptsGzip)
    {
        try
        {
            response.StatusCode = answer.Status;
            response.ContentType = "application/json";
            foreach (var (k, v) in answer.Headers ?? new Dictionary<string, string>())
                response.Headers[k] = v;
            var bytes = Encoding.UTF8.GetBytes(answer.Json);
            if (answer.Gzip && acceptsGzip)
            {
                using var buffer = new MemoryStream();
                using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                    gz.Write(bytes);
                bytes = buffer.ToArray();
                if (!answer.Undeclared)
                    response.Headers["Content-Encoding"] = "gzip";
                Interlocked.Increment(ref _gzipResponses);
            }
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
            response.Close();
        }
        catch (Exception)
        {
            // the client went away (cancelled); nothing to answer
        }
    }

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '='));
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // closing the listener ends the loop with an exception
        }
        _stop.Dispose();
    }

    // ---- documented response shapes ----

    public static FakeResponse ResultSet(string handle, IEnumerable<object> rowType, IEnumerable<string?[]> data,
        int partitions = 1, long? numRows = null, object? stats = null)
    {
        var rows = data.ToList();
        return new FakeResponse(200, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["code"] = "090001",
            ["sqlState"] = "00000",
            ["message"] = "Statement executed successfully.",
            ["statementHandle"] = handle,
            ["createdOn"] = 1597090533987,
            ["statementStatusUrl"] = $"/api/v2/statements/{handle}?requestId=x",
            ["resultSetMetaData"] = new Dictionary<string, object?>
            {
                ["format"] = "jsonv2",
                ["numRows"] = numRows ?? rows.Count,
                ["rowType"] = rowType,
                ["partitionInfo"] = Enumerable.Range(0, partitions).Select(_ => new { rowCount = 1, uncompressedSize = 100 }).ToArray(),
            },
            ["data"] = rows,
            ["stats"] = stats,
        }));
    }

    public static FakeResponse Partition(IEnumerable<string?[]> data, bool gzip = true) =>
        new(200, JsonSerializer.Serialize(new { data = data.ToList() }), gzip);

    public static FakeResponse Accepted(string handle) =>
        new(202, JsonSerializer.Serialize(new
        {
            code = "333334",
            sqlState = "00000",
            message = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
            statementHandle = handle,
            createdOn = 1597090533987,
            statementStatusUrl = $"/api/v2/statements/{handle}",
        }));

    public static FakeResponse Failed(string message, string code = "002003", string sqlState = "42S02", string handle = "h-fail") =>
        new(422, JsonSerializer.Serialize(new { code, sqlState, message, statementHandle = handle }));

    public static object Col(string name, string type, int scale = 0, int precision = 38) =>
        new { name, type = type.ToLowerInvariant(), length = 0, precision, scale, nullable = true };
}
