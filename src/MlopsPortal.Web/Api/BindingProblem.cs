using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlopsPortal.Web.Api;

/// <summary>
/// Words a request-binding failure (wrong JSON type, malformed JSON, missing body) for a problem detail: the field
/// (as a JSON path) and the type it expects, e.g. "The field 'sourceTable' expects a string, not a number."
/// </summary>
public static partial class BindingProblem
{
    [GeneratedRegex(@"could not be converted to (?<type>.+?)\. Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("parameter \"\\S+ (?<name>\\w+)\"")]
    private static partial Regex ParameterName();

    /// <param name="handler">The endpoint's handler, to find the type the failing field has (STJ may name the record instead).</param>
    public static string Describe(BadHttpRequestException exception, System.Reflection.MethodInfo? handler = null)
    {
        if (exception.InnerException is not JsonException json)
            return exception.Message;
        var field = Field(json.Path);
        var position = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        var match = ConvertedTo().Match(json.Message);
        if (match.Success)
        {
            var bodyName = ParameterName().Match(exception.Message).Groups["name"].Value;
            var bodyType = handler?.GetParameters().FirstOrDefault(p => p.Name == bodyName)?.ParameterType;
            var fieldType = bodyType is null ? null : TypeAt(bodyType, field);
            fieldType = fieldType is null ? null : Nullable.GetUnderlyingType(fieldType) ?? fieldType;
            var expected = fieldType is not null ? Expected(fieldType.FullName ?? fieldType.Name) : Expected(match.Groups["type"].Value);
            return $"The field '{field}' expects {expected}{position}.";
        }
        var reason = json.Message.Split(" Path:", 2)[0].Trim();
        return $"The request body is not valid JSON at '{field}'{position}: {reason}";
    }

    /// <summary>The type of the property at a JSON path ("run.filter[0].value") in <paramref name="root"/>; null when unknown.</summary>
    private static Type? TypeAt(Type root, string path)
    {
        var type = root;
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            var property = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null)
                return null;
            type = property.PropertyType;
            if (segment.Contains('[') && type.IsGenericType)
                type = type.GetGenericArguments()[0];
        }
        return type;
    }

    /// <summary>"$.run.filter[0].value" → "run.filter[0].value"; the whole body is "body".</summary>
    private static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Expected(string typeName)
    {
        var name = typeName.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? typeName[18..^1] : typeName;
        return name switch
        {
            "System.String" => "a string",
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.Guid" => "a GUID string",
            "System.DateTime" or "System.DateTimeOffset" => "an ISO 8601 date-time string",
            "System.Text.Json.Nodes.JsonObject" => "a JSON object",
            _ when name.Contains("Dictionary", StringComparison.Ordinal) => "a JSON object",
            _ when name.Contains("List`1", StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal) => "a JSON array",
            _ => $"a {name[(name.LastIndexOfAny(['.', '+']) + 1)..]}",
        };
    }
}
