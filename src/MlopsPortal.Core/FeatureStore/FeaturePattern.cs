using System.Text.RegularExpressions;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// Feature lists may name columns by pattern, '*' standing for any run of characters: "*_OHE_*" picks every
/// one-hot column, whose set depends on the values found at each refresh.
/// </summary>
public static partial class FeaturePattern
{
    [GeneratedRegex(@"^[A-Za-z0-9_$*]+$")]
    private static partial Regex Allowed();

    public static bool IsPattern(string feature) => feature.Contains('*', StringComparison.Ordinal);

    public static bool IsValid(string pattern) => Allowed().IsMatch(pattern);

    public static bool Matches(string pattern, string column) =>
        Regex.IsMatch(column, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
