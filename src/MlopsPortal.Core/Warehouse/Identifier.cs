using System.Text.RegularExpressions;

namespace MlopsPortal.Core.Warehouse;

/// <summary>
/// The one gate every table and column name passes before it reaches SQL.
/// Names are letters, digits, underscore and '$' (feature views are NAME$VERSION), starting with a letter or underscore.
/// </summary>
public static partial class Identifier
{
    public const int MaxLength = 255;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && Pattern().IsMatch(name);

    public static string Validate(string? name, string what = "identifier")
    {
        if (!IsValid(name))
            throw new InvalidIdentifierException(
                $"'{name}' is not a valid {what}: use letters, digits, '_' or '$', starting with a letter or '_' (at most {MaxLength} characters).");
        return name!;
    }
}

public sealed class InvalidIdentifierException(string message) : ArgumentException(message);
