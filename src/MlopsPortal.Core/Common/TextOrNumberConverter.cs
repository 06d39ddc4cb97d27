using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlopsPortal.Core.Common;

/// <summary>
/// Reads a value that the portal keeps as text (a filter's value, parsed later against the column's type) from a JSON
/// string, number or boolean, so <c>{"value": 5}</c> and <c>{"value": "5"}</c> mean the same.
/// </summary>
public sealed class TextOrNumberConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw new JsonException("expected text, a number or true/false"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
