using System.Data;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Dapper;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>
/// Maps decoded rows onto the portal's types with Dapper's own rules (by column name, case-insensitively), through
/// a <see cref="DataTable"/> reader, so both backends map results the same way.
/// </summary>
internal static class SnowflakeResultMapping
{
    /// <summary>JSON values become their text and huge integers decimals: the portal's types hold neither.</summary>
    public static object? Portable(object? value) => value switch
    {
        JsonElement j => j.ValueKind == JsonValueKind.String ? j.GetString() : j.GetRawText(),
        BigInteger b => (decimal)b,
        _ => value,
    };

    public static IReadOnlyList<T> Map<T>(IReadOnlyList<SnowflakeColumn> columns, IReadOnlyList<object?[]> rows)
    {
        using var table = new DataTable();
        for (var i = 0; i < columns.Count; i++)
            table.Columns.Add(UniqueName(table, columns[i].Name), ColumnType(columns[i], rows, i));
        table.BeginLoadData();
        foreach (var row in rows)
            table.Rows.Add(row.Select(v => Portable(v) ?? DBNull.Value).ToArray());
        table.EndLoadData();
        using var reader = table.CreateDataReader();
        var parser = reader.GetRowParser<T>();
        var list = new List<T>(rows.Count);
        while (reader.Read())
            list.Add(parser(reader));
        return list;
    }

    public static T? Scalar<T>(object? value)
    {
        value = Portable(value);
        if (value is null)
            return default;
        if (value is T t)
            return t;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum)
            return (T)Enum.Parse(target, value.ToString()!, ignoreCase: true);
        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// NUMBER(38,0) is Snowflake's usual integer: it maps to long (as DuckDB's BIGINT does, so records with long
    /// members bind on both backends) unless a value in this result does not fit, then to decimal.
    /// </summary>
    private static Type ColumnType(SnowflakeColumn c, IReadOnlyList<object?[]> rows, int index)
    {
        var t = SnowflakeTypeDecoder.ClrType(c);
        if (t == typeof(JsonElement))
            return typeof(string);
        if (t == typeof(object))
            return rows.All(r => r[index] is null or long) ? typeof(long) : typeof(decimal);
        return t;
    }

    private static string UniqueName(DataTable table, string name)
    {
        var candidate = name;
        for (var i = 2; table.Columns.Contains(candidate); i++)
            candidate = $"{name}_{i}";
        return candidate;
    }
}
