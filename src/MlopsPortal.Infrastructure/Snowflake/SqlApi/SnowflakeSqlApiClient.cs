using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlopsPortal.Infrastructure.Snowflake.SqlApi;

/// <summary>
/// A client of Snowflake's SQL API v2 (reference/snowflake.md §5): submits a statement with a requestId,
/// follows 202s by polling statementStatusUrl, fetches every result partition (gzip welcome), retries
/// 429/503/504 with the same requestId and retry=true (exponential backoff with jitter), cancels statements
/// whose caller gives up or whose deadline passes, and surfaces 422s with Snowflake's own message.
/// Headers are never logged: they carry the token.
/// </summary>
public sealed class SnowflakeSqlApiClient(
    HttpClient http, SnowflakeClientOptions options, ISnowflakeTokenSource tokens, ILogger<SnowflakeSqlApiClient>? log = null)
{
    public const string StatementsPath = "/api/v2/statements";

    private readonly ILogger _log = log ?? NullLogger<SnowflakeSqlApiClient>.Instance;

    public SnowflakeClientOptions Options => options;

    /// <summary>A handler that decompresses gzip/deflate partitions transparently.</summary>
    public static HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>Runs one request (one statement, or several when <see cref="SnowflakeStatement.StatementCount"/> ≠ 1) to completion.</summary>
    public async Task<SnowflakeResult> ExecuteAsync(SnowflakeStatement statement, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var timeout = statement.TimeoutSeconds ?? options.StatementTimeoutSeconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout > 0)
            deadline.CancelAfter(TimeSpan.FromSeconds(timeout) + options.DeadlineGrace);
        var requestId = Guid.NewGuid();
        var body = RequestBody(statement, timeout);
        string? handle = null;
        try
        {
            var (status, json) = await SendAsync(
                retry => Submit(requestId, retry, body), $"submit {requestId}", deadline.Token);
            var delay = options.PollInitialDelay;
            while (status == HttpStatusCode.Accepted)
            {
                handle = SnowflakeResult.Str(json, "statementHandle") ?? handle;
                var statusUrl = SnowflakeResult.Str(json, "statementStatusUrl") ?? $"{StatementsPath}/{handle}";
                _log.StillRunning(handle, delay);
                await Task.Delay(delay, deadline.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.PollMaxDelay.Ticks));
                (status, json) = await SendAsync(_ => new HttpRequestMessage(HttpMethod.Get, statusUrl), $"poll {handle}", deadline.Token);
            }
            var result = SnowflakeResult.Parse(json);
            _log.StatementDone(result.StatementHandle, result.NumRows, result.PartitionCount);
            return result;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            await TryCancelAsync(handle);
            throw new SnowflakeTimeoutException(
                $"The Snowflake statement did not finish within its timeout of {timeout} s and was cancelled.", handle);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await TryCancelAsync(handle);
            throw;
        }
    }

    /// <summary>The raw cells of partition <paramref name="partition"/> (0-based) of a finished statement.</summary>
    public async Task<IReadOnlyList<string?[]>> FetchPartitionAsync(string handle, int partition, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handle);
        var url = $"{StatementsPath}/{Uri.EscapeDataString(handle)}?partition={partition}";
        var (_, json) = await SendAsync(_ => new HttpRequestMessage(HttpMethod.Get, url), $"partition {partition} of {handle}", ct);
        return SnowflakeResult.ParseData(json);
    }

    /// <summary>
    /// Every row of a result, decoded, partition after partition: only one partition is held in memory.
    /// </summary>
    public async IAsyncEnumerable<object?[]> ReadRowsAsync(SnowflakeResult result, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var partition = result.FirstPartition;
        for (var p = 0; ; p++)
        {
            foreach (var cells in partition)
                yield return Decode(cells, result.Columns);
            if (p + 1 >= result.PartitionCount)
                yield break;
            partition = await FetchPartitionAsync(result.StatementHandle!, p + 1, ct);
        }
    }

    /// <summary>Asks Snowflake to cancel a running statement.</summary>
    public async Task CancelAsync(string handle, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handle);
        var url = $"{StatementsPath}/{Uri.EscapeDataString(handle)}/cancel";
        await SendAsync(_ => new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{}") }, $"cancel {handle}", ct);
        _log.StatementCancelled(handle);
    }

    internal static object?[] Decode(string?[] cells, IReadOnlyList<SnowflakeColumn> columns)
    {
        var row = new object?[columns.Count];
        for (var i = 0; i < row.Length; i++)
            row[i] = SnowflakeTypeDecoder.Decode(i < cells.Length ? cells[i] : null, columns[i]);
        return row;
    }

    private async Task TryCancelAsync(string? handle)
    {
        if (handle is null)
            return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await CancelAsync(handle, cts.Token);
        }
        catch (Exception e)
        {
            _log.CancelFailed(handle, e.Message);
        }
    }

    private string RequestBody(SnowflakeStatement statement, int timeout)
    {
        var body = new Dictionary<string, object?>
        {
            ["statement"] = statement.Sql,
            ["timeout"] = timeout,
        };
        if (options.Database is { Length: > 0 } db) body["database"] = db;
        if (options.Schema is { Length: > 0 } schema) body["schema"] = schema;
        if (options.Warehouse is { Length: > 0 } wh) body["warehouse"] = wh;
        if (options.Role is { Length: > 0 } role) body["role"] = role;
        if (statement.Bindings is { Count: > 0 } bindings)
            body["bindings"] = bindings
                .Select((b, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), b))
                .ToDictionary(x => x.Key, x => (object)new Dictionary<string, string?> { ["type"] = x.b.Type, ["value"] = x.b.Value });
        var parameters = new Dictionary<string, string> { ["query_tag"] = options.QueryTag, ["timezone"] = "UTC" };
        // Always the count the portal expects (1 for one statement): a request never accepts "any" number of statements.
        parameters["MULTI_STATEMENT_COUNT"] = Math.Max(1, statement.StatementCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        body["parameters"] = parameters;
        return JsonSerializer.Serialize(body);
    }

    private static HttpRequestMessage Submit(Guid requestId, bool retry, string body) =>
        new(HttpMethod.Post, $"{StatementsPath}?requestId={requestId}&async=false&nullable=true{(retry ? "&retry=true" : "")}")
        {
            Content = Json(body),
        };

    private static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// Sends one logical call, retrying 429/503/504 and transport failures with backoff and jitter, and renewing the
    /// token once on a 401. <paramref name="make"/> gets true when this is a retry (the submit adds retry=true).
    /// Returns 200 and 202 bodies; throws for every other status.
    /// </summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
        Func<bool, HttpRequestMessage> make, string what, CancellationToken ct)
    {
        var renewed = false;
        for (var attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            using var request = make(attempt > 0);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetToken());
            request.Headers.Add("X-Snowflake-Authorization-Token-Type", tokens.TokenType);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.ParseAdd(options.UserAgent);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

            HttpResponseMessage response;
            using var call = CancellationTokenSource.CreateLinkedTokenSource(ct);
            call.CancelAfter(options.RequestTimeout);
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, call.Token);
            }
            catch (Exception e) when (attempt < options.MaxRetries && !ct.IsCancellationRequested
                                      && e is HttpRequestException or OperationCanceledException)
            {
                var wait = Backoff(attempt, null);
                _log.TransportRetry(what, e.Message, attempt + 1, wait);
                await Task.Delay(wait, ct);
                continue;
            }
            using (response)
            {
                var status = response.StatusCode;
                if (IsRetryable(status) && attempt < options.MaxRetries)
                {
                    var wait = Backoff(attempt, response.Headers.RetryAfter);
                    _log.HttpRetry(what, (int)status, attempt + 1, wait);
                    await Task.Delay(wait, ct);
                    continue;
                }
                if (status == HttpStatusCode.Unauthorized && !renewed)
                {
                    renewed = true;
                    tokens.Invalidate();
                    _log.TokenRenewed(what);
                    continue;
                }
                var json = Parse(await ReadBodyAsync(response, ct));
                switch (status)
                {
                    case HttpStatusCode.OK or HttpStatusCode.Accepted:
                        return (status, json);
                    case HttpStatusCode.UnprocessableEntity:
                        throw new SnowflakeStatementException(
                            SnowflakeResult.Str(json, "message") ?? "The statement failed (HTTP 422) without a message.",
                            SnowflakeResult.Str(json, "code"), SnowflakeResult.Str(json, "sqlState"), SnowflakeResult.Str(json, "statementHandle"));
                    case HttpStatusCode.RequestTimeout:
                        throw new SnowflakeTimeoutException(
                            "Snowflake cancelled the statement because it exceeded its timeout (HTTP 408)" + Detail(json),
                            SnowflakeResult.Str(json, "statementHandle"));
                    default:
                        throw new SnowflakeApiException(
                            $"The Snowflake SQL API answered HTTP {(int)status} ({Meaning(status)}) to {what}{Detail(json)}", (int)status);
                }
            }
        }
    }

    private static bool IsRetryable(HttpStatusCode s) =>
        s is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Exponential backoff with "equal jitter": half the step fixed, half random; Retry-After wins when larger.</summary>
    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        var step = Math.Min(options.RetryMaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        var wait = TimeSpan.FromMilliseconds(step / 2 + Random.Shared.NextDouble() * step / 2);
        if (retryAfter?.Delta is { } delta && delta > wait)
            wait = delta < options.RetryMaxDelay ? delta : options.RetryMaxDelay;
        return wait;
    }

    /// <summary>
    /// The body as text. Declared gzip is undone by the handler; a gzip body sent without Content-Encoding (which partition
    /// downloads may do; the docs leave it open) is recognised by its magic bytes and decompressed here.
    /// </summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return await reader.ReadToEndAsync(ct);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private static JsonElement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return default;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Detail(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && SnowflakeResult.Str(json, "message") is { Length: > 0 } m ? $": {m}" : ".";

    private static string Meaning(HttpStatusCode s) => s switch
    {
        HttpStatusCode.BadRequest => "bad request",
        HttpStatusCode.Unauthorized => "token rejected: check the user's RSA_PUBLIC_KEY and the account",
        HttpStatusCode.Forbidden => "forbidden: the SQL API is not enabled or the role lacks a privilege",
        HttpStatusCode.NotFound => "unknown statement handle",
        HttpStatusCode.UnsupportedMediaType => "unsupported media type",
        HttpStatusCode.TooManyRequests => "rate limited, retries exhausted",
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => "unavailable, retries exhausted",
        _ => s.ToString(),
    };
}

/// <summary><see cref="SnowflakeSqlApiClient"/>'s log lines (source-generated).</summary>
internal static partial class SnowflakeSqlApiClientLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Snowflake statement {Handle} still running; polling in {Delay}")]
    public static partial void StillRunning(this ILogger logger, string? handle, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snowflake statement {Handle} done: {Rows} rows in {Partitions} partitions")]
    public static partial void StatementDone(this ILogger logger, string? handle, long rows, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled Snowflake statement {Handle}")]
    public static partial void StatementCancelled(this ILogger logger, string handle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cancel Snowflake statement {Handle}: {Error}")]
    public static partial void CancelFailed(this ILogger logger, string handle, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake {What}: transport failure ({Error}); retry {Attempt} in {Delay}")]
    public static partial void TransportRetry(this ILogger logger, string what, string error, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake {What}: HTTP {Status}; retry {Attempt} in {Delay}")]
    public static partial void HttpRetry(this ILogger logger, string what, int status, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snowflake {What}: HTTP 401; signing a new token and retrying once")]
    public static partial void TokenRenewed(this ILogger logger, string what);
}
