using System.Text;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// Names of one-hot columns: <c>&lt;COL&gt;_OHE_&lt;value&gt;</c>. Characters a warehouse name cannot hold
/// (anything but letters, digits and '_') become '_', so "Rensselaer County" gives COUNTY_NAME_OHE_Rensselaer_County.
/// </summary>
public static class OneHotNames
{
    public const string Infix = "_OHE_";

    public static string For(string column, string value)
    {
        var sb = new StringBuilder(column.Length + Infix.Length + value.Length).Append(column).Append(Infix);
        foreach (var ch in value)
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch == '_' ? ch : '_');
        return sb.ToString();
    }

    /// <summary>True when <paramref name="name"/> is a one-hot column of <paramref name="column"/>.</summary>
    public static bool IsOf(string name, string column) =>
        name.StartsWith(column + Infix, StringComparison.OrdinalIgnoreCase);
}
