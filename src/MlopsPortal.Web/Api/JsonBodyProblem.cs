using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlopsPortal.Web.Api;

/// <summary>Says which field of a JSON body did not bind and what it should have been, in the user's words.</summary>
public static partial class JsonBodyProblem
{
    public static string Describe(JsonException ex)
    {
        if (ex.InnerException?.GetType().Name == "JsonReaderException")
            return $"The request body is not valid JSON: {ex.Message.Split(" Path:")[0]}";
        var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
        // A record's constructor reports its own type; the reader's inner message says what the token should have been.
        var expected = ex.InnerException is InvalidOperationException inner && TokenAs().Match(inner.Message) is { Success: true } t
            ? Expected(t.Groups["kind"].Value)
            : ConvertedTo().Match(ex.Message) is { Success: true } m ? Expected(m.Groups["type"].Value) : null;
        return (field, expected) switch
        {
            ({ } f, { } e) => $"The field '{f}' must be {e}.",
            ({ } f, null) => $"The field '{f}' could not be read: {ex.Message.Split(" Path:")[0]}",
            _ => $"The request body is not valid JSON for this endpoint: {ex.Message.Split(" Path:")[0]}",
        };
    }

    private static string Expected(string type) => type switch
    {
        "System.String" or "string" => "text (a JSON string)",
        "number" => "a number",
        "boolean" => "true or false",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
        "System.Double" or "System.Nullable`1[System.Double]" or "System.Decimal" => "a number",
        "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
        "System.DateTime" or "System.Nullable`1[System.DateTime]" => "a date and time (e.g. 2025-02-09T00:00:00)",
        "System.Guid" or "System.Nullable`1[System.Guid]" => "an id (a GUID)",
        _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("IReadOnlyList", StringComparison.Ordinal) => "a list (a JSON array)",
        _ => $"a {type[(type.LastIndexOfAny(['.', '+']) + 1)..]} (a JSON object)",
    };

    [GeneratedRegex(@"Cannot get the value of a token type '\w+' as a (?<kind>string|number|boolean)")]
    private static partial Regex TokenAs();

    [GeneratedRegex(@"could not be converted to (?<type>[^.\s][^\s]*?)\. Path")]
    private static partial Regex ConvertedTo();
}
