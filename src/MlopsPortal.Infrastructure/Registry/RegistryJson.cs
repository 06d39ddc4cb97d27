using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>How the registry's JSON columns are written and read.</summary>
internal static class RegistryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string? json, T fallback) =>
        string.IsNullOrWhiteSpace(json) ? fallback : JsonSerializer.Deserialize<T>(json, Options) ?? fallback;

    public static JsonObject Metrics(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new JsonObject() : JsonNode.Parse(json) as JsonObject ?? new JsonObject();

    public static IReadOnlyDictionary<string, string> Tags(string? json) =>
        new SortedDictionary<string, string>(Read(json, new Dictionary<string, string>()), StringComparer.Ordinal);

    public static PreprocessingSpec Preprocessing(string? json, IReadOnlyList<FeatureSpec> signature) =>
        Read<PreprocessingSpec?>(json, null) is { Features.Count: > 0 } spec ? spec : PreprocessingSpec.Identity(signature);
}
