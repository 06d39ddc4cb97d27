using MlopsPortal.Core.Warehouse;
using System.Collections;
using System.Reflection;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Warehouse;

/// <summary>
/// The one rule for tables a user names (to read, score, import into, write a recipe or training set to, …):
/// the portal's own tables (<see cref="PortalTables"/>: PORTAL_* and names starting with '_') are refused.
/// A field carries a user-named table when its name is <c>table</c>, <c>source</c>, <c>output</c>, <c>baseline</c>
/// or ends with <c>table</c> (case-insensitive), so a new request record is covered by naming its field like the others.
/// The web layer applies <see cref="Violations"/> to every API argument before any handler runs.
/// </summary>
public static class UserTables
{
    private static readonly string[] ExactNames = ["table", "source", "output", "baseline"];

    /// <summary>Whether a field or parameter of this name holds a table the user names.</summary>
    public static bool IsTableField(string? name) =>
        !string.IsNullOrEmpty(name)
        && (ExactNames.Contains(name, StringComparer.OrdinalIgnoreCase) || name.EndsWith("table", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="table"/> (optionally schema-qualified) is one of the portal's own tables.</summary>
    public static bool IsReserved(string? table)
    {
        if (string.IsNullOrWhiteSpace(table))
            return false;
        // Quoting or qualifying must not get round the rule: "PORTAL_USERS", db.schema.PORTAL_USERS.
        var last = table.Trim().Split('.')[^1].Trim().Trim('"', '`', '[', ']').Trim();
        return PortalTables.IsInternal(last);
    }

    public static string RefusalMessage(string field, string table) =>
        $"The field '{field}' names '{table}': '{table}' is reserved for the portal's own data (names starting with '{PortalTables.Prefix}' or '_' cannot be read or written through the portal's features); choose another name.";

    /// <summary>Returns <paramref name="table"/>, or throws a validation error (400) naming the rule when it is reserved.</summary>
    public static string Require(string table, string field)
    {
        if (IsReserved(table))
            throw new PortalValidationException(RefusalMessage(field, table));
        return table;
    }

    /// <summary>
    /// Refuses a spec that names a portal table in any table field: the services that pages call directly (not through
    /// the API's filter) pass their spec through this first.
    /// </summary>
    public static T RefuseReserved<T>(T spec) where T : notnull
    {
        foreach (var (field, table) in Violations(spec, ""))
            throw new PortalValidationException(RefusalMessage(field, table));
        return spec;
    }

    /// <summary>
    /// Every reserved table named in <paramref name="value"/>: the value itself when <paramref name="name"/> is a table field,
    /// else the table fields of its public properties, recursively (lists and dictionaries included), as (path, table).
    /// </summary>
    public static IEnumerable<(string Field, string Table)> Violations(object? value, string name) =>
        value is string ? Walk(value, name, IsTableField(name), depth: 0) : Walk(value, "", isTableField: false, depth: 0);

    private static IEnumerable<(string, string)> Walk(object? value, string path, bool isTableField, int depth)
    {
        switch (value)
        {
            case null:
                yield break;
            case string s:
                if (isTableField && IsReserved(s))
                    yield return (path, s);
                yield break;
        }
        if (depth > 8 || !IsWalkable(value.GetType()))
            yield break;
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
                foreach (var v in Walk(entry.Value, Join(path, entry.Key?.ToString() ?? ""), IsTableField(entry.Key as string), depth + 1))
                    yield return v;
            yield break;
        }
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
                foreach (var v in Walk(item, $"{path}[{i++}]", isTableField, depth + 1))
                    yield return v;
            yield break;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
                continue;
            foreach (var v in Walk(property.GetValue(value), Join(path, Camel(property.Name)), IsTableField(property.Name), depth + 1))
                yield return v;
        }
    }

    /// <summary>The portal's own request records and collections of them; not framework objects (HttpRequest, services).</summary>
    private static bool IsWalkable(Type type) =>
        type.Namespace?.StartsWith("MlopsPortal", StringComparison.Ordinal) == true
        || (type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true && typeof(IEnumerable).IsAssignableFrom(type))
        || type.IsArray;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
