using System.Globalization;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// The pieces every native statement is built from. Names pass <see cref="RegistryNames.Canonical"/> (letters, digits,
/// '_' or '$', upper-cased: what Snowflake does to unquoted names) and are then double-quoted, so a column named like a
/// keyword still works. Aliases and versions inside MODEL(m, X) stay bare because Snowflake wants them "without double
/// quotes"; they passed the same validation, so nothing else can reach the SQL. Values are string literals escaped
/// for Snowflake, where a backslash is an escape character too.
/// </summary>
public static class NativeSql
{
    /// <summary>A validated, upper-cased, double-quoted identifier.</summary>
    public static string Id(string? name, string what) => "\"" + RegistryNames.Canonical(name, what) + "\"";

    /// <summary>A validated, upper-cased identifier written bare (aliases, versions in MODEL(m, V)).</summary>
    public static string Bare(string? name, string what) => RegistryNames.Canonical(name, what);

    /// <summary>"DB"."SCH"."NAME" from DB.SCH.NAME, SCH.NAME or NAME; each part validated.</summary>
    public static string Qualified(string? name, string what)
    {
        var parts = Parts(name, what);
        return string.Join('.', parts.Select(p => "\"" + p + "\""));
    }

    /// <summary>DB.SCH.NAME unquoted, each part validated: the form MODEL(…) is documented with.</summary>
    public static string QualifiedBare(string? name, string what) => string.Join('.', Parts(name, what));

    /// <summary>The canonical parts of a possibly qualified name (1 to 3 parts).</summary>
    public static IReadOnlyList<string> Parts(string? name, string what)
    {
        var parts = (name ?? string.Empty).Trim().Split('.');
        if (parts.Length > 3)
            throw new PortalValidationException($"'{name}' is not a valid {what} name: use NAME, SCHEMA.NAME or DATABASE.SCHEMA.NAME.");
        return parts.Select(p => RegistryNames.Canonical(p, what)).ToList();
    }

    /// <summary>A Snowflake string literal (Snowflake reads '\' as an escape): the portal's one literal function, <see cref="SqlText"/>.</summary>
    public static string Literal(string value) => SqlText.Literal(value, backslashEscapes: true);

    /// <summary>A literal for long JSON: $$…$$ as the Python client writes it, or an escaped literal when the text holds "$$".</summary>
    public static string DollarLiteral(string value) =>
        value.Contains("$$", StringComparison.Ordinal) || value.EndsWith('$') ? Literal(value) : "$$" + value + "$$";

    /// <summary>('A', 'B') of validated column names, () when empty: the array form CREATE MODEL MONITOR takes.</summary>
    public static string NameArray(IEnumerable<string> names, string what) =>
        "(" + string.Join(", ", names.Select(n => Literal(RegistryNames.Canonical(n, what)))) + ")";

    /// <summary>A TIMESTAMP_NTZ literal of a UTC instant (monitor timestamps are TIMESTAMP_NTZ).</summary>
    public static string Timestamp(DateTime utc) =>
        $"TO_TIMESTAMP_NTZ('{utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}')";

    /// <summary>A number literal in invariant culture, round-tripping the double.</summary>
    public static string Number(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new PortalValidationException($"{value} is not a finite number.");
}
