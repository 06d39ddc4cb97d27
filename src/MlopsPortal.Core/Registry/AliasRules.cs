using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Registry;

/// <summary>
/// Snowflake's Model Registry alias rules: an alias is an identifier, unique within its model, a version carries at most one;
/// DEFAULT, FIRST and LAST are system aliases, resolved on read and never set by hand.
/// </summary>
public static class AliasRules
{
    public const string Default = "DEFAULT";
    public const string First = "FIRST";
    public const string Last = "LAST";
    public const string Production = "PRODUCTION";

    public static IReadOnlyList<string> SystemAliases { get; } = [Default, First, Last];

    public static bool IsSystem(string alias) => SystemAliases.Contains(alias, StringComparer.OrdinalIgnoreCase);

    /// <summary>Validates a user alias and returns it in canonical (upper) case.</summary>
    public static string ValidateUserAlias(string? alias)
    {
        var name = RegistryNames.Canonical(alias, "alias");
        if (IsSystem(name))
            throw new PortalValidationException($"'{name}' is a system alias (DEFAULT, FIRST, LAST are resolved by the registry) and cannot be set or unset.");
        return name;
    }

    /// <summary>The role needed to set, move or unset <paramref name="alias"/>: Admin for PRODUCTION, DataScientist otherwise.</summary>
    public static Role RequiredRole(string alias) =>
        string.Equals(alias, Production, StringComparison.OrdinalIgnoreCase) ? Role.Admin : Role.DataScientist;

    /// <summary>Resolves the system aliases for versions listed oldest first.</summary>
    public static IReadOnlyDictionary<string, string> SystemAliasesFor(IReadOnlyList<string> versionsOldestFirst, string? defaultVersion)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (versionsOldestFirst.Count == 0)
            return result;
        result[Default] = defaultVersion is not null && versionsOldestFirst.Contains(defaultVersion) ? defaultVersion : versionsOldestFirst[0];
        result[First] = versionsOldestFirst[0];
        result[Last] = versionsOldestFirst[^1];
        return result;
    }
}

/// <summary>Model, version, alias and tag names are unquoted identifiers; the registry keeps them upper case.</summary>
public static class RegistryNames
{
    public static string Canonical(string? name, string what)
    {
        var trimmed = name?.Trim();
        if (!Identifier.IsValid(trimmed))
            throw new PortalValidationException(
                $"'{name}' is not a valid {what} name: use letters, digits, '_' or '$', starting with a letter or '_' (at most {Identifier.MaxLength} characters).");
        return trimmed!.ToUpperInvariant();
    }

    public const int MaxTagValueLength = 256;

    public static IReadOnlyDictionary<string, string> Tags(IEnumerable<KeyValuePair<string, string>>? tags)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags ?? [])
        {
            var name = Canonical(key, "tag");
            if (value is null || value.Length > MaxTagValueLength)
                throw new PortalValidationException($"Tag {name}: the value must be at most {MaxTagValueLength} characters.");
            result[name] = value;
        }
        return result;
    }
}
