using System.Collections;
using Dapper;
using DuckDB.NET.Data;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>
/// Binds parameter objects for DuckDB's <c>$name</c> placeholders. Dapper filters the properties of an
/// anonymous object by looking for <c>@name</c> in the SQL, which would drop every <c>$name</c>;
/// wrapping the object in <see cref="DynamicParameters"/> keeps them all.
/// </summary>
internal static class DuckDbParameters
{
    public static object? ForDapper(object? parameters) => parameters switch
    {
        null => null,
        DynamicParameters dp => dp,
        IDictionary<string, object?> dict => new DynamicParameters(dict),
        _ => new DynamicParameters(parameters),
    };

    /// <summary>Binds parameters directly onto a command (used where Dapper is bypassed, e.g. streaming).</summary>
    public static void Bind(DuckDBCommand command, object? parameters)
    {
        foreach (var (name, value) in Enumerate(parameters))
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
    }

    private static IEnumerable<(string Name, object? Value)> Enumerate(object? parameters)
    {
        switch (parameters)
        {
            case null:
                yield break;
            case DynamicParameters dp:
                foreach (var name in dp.ParameterNames)
                    yield return (name, dp.Get<object?>(name));
                yield break;
            case IDictionary<string, object?> dict:
                foreach (var kv in dict)
                    yield return (kv.Key, kv.Value);
                yield break;
            case IDictionary legacy:
                foreach (DictionaryEntry e in legacy)
                    yield return (e.Key.ToString()!, e.Value);
                yield break;
            default:
                foreach (var p in parameters.GetType().GetProperties())
                    if (p.CanRead && p.GetIndexParameters().Length == 0)
                        yield return (p.Name, p.GetValue(parameters));
                yield break;
        }
    }
}
