using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlopsPortal.Core.Common;

/// <summary>
/// Reads a text field that may also arrive as a JSON number or boolean (a filter value: <c>"value": 5</c> means "5"),
/// keeping the number's text exactly as sent; objects and arrays are still refused.
/// </summary>
public sealed class TextOrNumberConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw new JsonException("The JSON value could not be converted to System.String."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
