using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Core.Registry.Contracts;
using MlopsPortal.Core.Scoring.Contracts;
using MlopsPortal.Core.Security.Contracts;

namespace MlopsPortal.Cli.Portal;

/// <summary>
/// The CLI's side of the REST API: where the portal is (--url or MLOPS_URL, default http://localhost:5080) and who
/// calls it (--token / MLOPS_TOKEN, or --user and --password / MLOPS_USER and MLOPS_PASSWORD, traded for a token).
/// Typed: it sends and reads the API's own contracts (Core/&lt;Feature&gt;/Contracts), so a changed shape fails to compile.
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
            var answer = await SendAsync<TokenResponse>(http, HttpMethod.Post, "/api/auth/token", new TokenRequest(user, password), context.CancellationToken);
            token = answer.Token;
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new PortalClient(http);
    }

    public Task<IReadOnlyList<ModelDto>> ListModelsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<ModelDto>>(_http, HttpMethod.Get, "/api/models", null, ct);

    public Task<IReadOnlyList<VersionDto>> ListVersionsAsync(string model, CancellationToken ct) =>
        SendAsync<IReadOnlyList<VersionDto>>(_http, HttpMethod.Get, $"/api/models/{Segment(model)}/versions", null, ct);

    public Task<IReadOnlyList<AuditDto>> AuditAsync(string model, CancellationToken ct) =>
        SendAsync<IReadOnlyList<AuditDto>>(_http, HttpMethod.Get, $"/api/models/{Segment(model)}/audit", null, ct);

    public Task<AliasChangeDto> SetAliasAsync(string model, string alias, AliasRequest request, CancellationToken ct) =>
        SendAsync<AliasChangeDto>(_http, HttpMethod.Put, $"/api/models/{Segment(model)}/aliases/{Segment(alias)}", request, ct);

    public Task<ScoringRunDto> StartScoringRunAsync(ScoringRunRequest request, CancellationToken ct) =>
        SendAsync<ScoringRunDto>(_http, HttpMethod.Post, "/api/scoring/runs", request, ct);

    public Task<ScoringRunDto> GetScoringRunAsync(Guid id, CancellationToken ct) =>
        SendAsync<ScoringRunDto>(_http, HttpMethod.Get, $"/api/scoring/runs/{id}", null, ct);

    /// <summary>Names typed by the user go into the path escaped, so a name cannot reach another route.</summary>
    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>The portal's JSON: camelCase names, enums as text (as the web host writes them).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static async Task<T> SendAsync<T>(HttpClient http, HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json) };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new PortalCallException($"the portal at {http.BaseAddress} does not answer: {ex.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new PortalCallException($"{(int)response.StatusCode} {response.ReasonPhrase}: {TryDetail(text) ?? text}");
            try
            {
                return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("empty answer");
            }
            catch (JsonException ex)
            {
                throw new PortalCallException($"the portal at {http.BaseAddress} answered {path} with an unexpected body ({ex.Message}); is it the same version as this CLI?");
            }
        }
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
