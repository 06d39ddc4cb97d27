using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// A model version's metadata in the shape snowflake-ml-python reads:
/// <c>{"metrics": {...}, "snowpark_ml_schema_version": "2024-01-01"}</c>. Without the schema version Python reads no
/// metrics, and SET METADATA replaces the whole object, so metrics are merged into what is there and other keys are kept.
/// </summary>
public static class VersionMetadata
{
    public const string SchemaVersion = "2024-01-01";
    private const string SchemaVersionKey = "snowpark_ml_schema_version";
    private const string MetricsKey = "metrics";

    // Plain JSON text (no \u0027 for quotes): it goes into SQL, where NativeSql escapes it, not into HTML.
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The metadata JSON after setting <paramref name="metrics"/> on <paramref name="existingJson"/> (SHOW VERSIONS' metadata, may be empty).</summary>
    public static string WithMetrics(string? existingJson, IReadOnlyDictionary<string, double> metrics)
    {
        var root = Parse(existingJson);
        var merged = root[MetricsKey] as JsonObject ?? new JsonObject();
        root.Remove(MetricsKey);
        foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new PortalValidationException("A metric name is empty.");
            if (!double.IsFinite(value))
                throw new PortalValidationException($"Metric {name} is {value}; only finite numbers can be stored.");
            merged[name] = value;
        }

        var result = new JsonObject { [MetricsKey] = merged.DeepClone() };
        foreach (var (key, node) in root)
        {
            if (key != SchemaVersionKey) result[key] = node?.DeepClone();
        }
        result[SchemaVersionKey] = SchemaVersion;
        return result.ToJsonString(Output);
    }

    /// <summary>The metrics a version's metadata holds (empty when none or when the JSON has another shape).</summary>
    public static IReadOnlyDictionary<string, double> Metrics(string? metadataJson)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (Parse(metadataJson)[MetricsKey] is not JsonObject metrics) return result;
        foreach (var (name, node) in metrics)
        {
            if (node is JsonValue v && v.TryGetValue<double>(out var d)) result[name] = d;
        }
        return result;
    }

    private static JsonObject Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new JsonObject();
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            throw new PortalValidationException("The version's current metadata is not a JSON object; it was left unchanged.");
        }
    }
}
