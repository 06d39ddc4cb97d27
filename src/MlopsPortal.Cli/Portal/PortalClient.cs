using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlopsPortal.Cli.Commands;

namespace MlopsPortal.Cli.Portal;

/// <summary>
/// The CLI's side of the REST API: where the portal is (--url or MLOPS_URL, default http://localhost:5080) and who
/// calls it (--token / MLOPS_TOKEN, or --user and --password / MLOPS_USER and MLOPS_PASSWORD, traded for a token).
/// </summary>
public sealed class PortalClient
{
    public static readonly string[] Options = ["url", "token", "user", "password"];

    private readonly HttpClient _http;

    private PortalClient(HttpClient http) => _http = http;

    public static async Task<PortalClient> ConnectAsync(CliArguments args, CommandContext context)
    {
        var url = new Uri(args.Option("url") ?? Environment.GetEnvironmentVariable("MLOPS_URL") ?? "http://localhost:5080");
        var http = context.Http?.Invoke(url) ?? new HttpClient { BaseAddress = url };
        var token = args.Option("token") ?? Environment.GetEnvironmentVariable("MLOPS_TOKEN");
        if (token is null)
        {
            var user = args.Option("user") ?? Environment.GetEnvironmentVariable("MLOPS_USER")
                ?? throw new UsageException("say who you are: --token, or --user and --password (or MLOPS_TOKEN / MLOPS_USER and MLOPS_PASSWORD).");
            var password = args.Option("password") ?? Environment.GetEnvironmentVariable("MLOPS_PASSWORD")
                ?? throw new UsageException("--password (or MLOPS_PASSWORD) is missing.");
            var answer = await SendAsync(http, new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { username = user, password }) }, context.CancellationToken);
            token = answer.GetProperty("token").GetString()!;
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new PortalClient(http);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(_http, new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<JsonElement> PostAsync(string path, object body, CancellationToken ct) =>
        SendAsync(_http, new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, ct);

    public Task<JsonElement> PutAsync(string path, object body, CancellationToken ct) =>
        SendAsync(_http, new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) }, ct);

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new PortalCallException($"the portal at {http.BaseAddress} does not answer: {ex.Message}");
        }
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = TryDetail(text) ?? text;
            throw new PortalCallException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string? TryDetail(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The portal refused or could not be reached; the message carries its problem detail.</summary>
public sealed class PortalCallException(string message) : Exception(message);
