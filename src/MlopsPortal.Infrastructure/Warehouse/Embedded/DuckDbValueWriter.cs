using System.Globalization;
using DuckDB.NET.Data;
using MlopsPortal.Core.Warehouse;
using ColumnInfo = MlopsPortal.Core.Warehouse.ColumnInfo;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>Writes one value into an appender row, converted to the column's CLR type.</summary>
internal delegate void DuckDbValueWriter(IDuckDBAppenderRow row, object? value);

internal static class DuckDbValueWriters
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static DuckDbValueWriter For(ColumnInfo column)
    {
        var native = column.NativeType.Trim().ToUpperInvariant();
        return column.Type switch
        {
            WarehouseType.Boolean => Writer(ToBool),
            WarehouseType.Integer => native switch
            {
                "INTEGER" or "INT" or "INT4" => Writer(x => Convert.ToInt32(x, Inv)),
                "SMALLINT" => Writer(x => Convert.ToInt16(x, Inv)),
                "TINYINT" => Writer(x => Convert.ToSByte(x, Inv)),
                _ => Writer(x => x is long l ? l : Convert.ToInt64(x, Inv)),
            },
            WarehouseType.Double => native is "FLOAT" or "REAL" or "FLOAT4"
                ? Writer(x => x is float f ? f : Convert.ToSingle(x, Inv))
                : Writer(x => x is double d ? d : Convert.ToDouble(x, Inv)),
            WarehouseType.Decimal => Writer(x => Convert.ToDecimal(x, Inv)),
            WarehouseType.Text => (r, v) =>
            {
                if (v is null or DBNull) r.AppendNullValue();
                else r.AppendValue(v as string ?? Convert.ToString(v, Inv));
            },
            WarehouseType.Timestamp => Writer(ToDateTime),
            WarehouseType.Date => Writer(ToDateOnly),
            _ => throw new NotSupportedException(
                $"Column {column.Name} has type {column.NativeType}, which bulk writes do not support."),
        };
    }

    /// <summary>
    /// A writer for a value type: NULL/DBNull as NULL, anything else converted. One delegate per column, built once:
    /// nothing is allocated per value (the streamed scoring path writes every kept value through it).
    /// </summary>
    private static DuckDbValueWriter Writer<T>(Func<object, T> convert) where T : struct => (r, v) =>
    {
        if (v is null or DBNull) r.AppendNullValue();
        else Append(r, convert(v));
    };

    private static void Append<T>(IDuckDBAppenderRow row, T value) where T : struct
    {
        switch (value)
        {
            case bool b: row.AppendValue(b); break;
            case int i: row.AppendValue(i); break;
            case short s: row.AppendValue(s); break;
            case sbyte b: row.AppendValue(b); break;
            case long l: row.AppendValue(l); break;
            case float f: row.AppendValue(f); break;
            case double d: row.AppendValue(d); break;
            case decimal m: row.AppendValue(m); break;
            case DateTime t: row.AppendValue(t); break;
            case DateOnly d: row.AppendValue(d); break;
            default: throw new NotSupportedException($"No appender for {typeof(T).Name}.");
        }
    }

    private static bool ToBool(object v) => v switch
    {
        bool b => b,
        string s => s.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "t" or "yes" => true,
            "false" or "0" or "f" or "no" => false,
            _ => throw new FormatException($"'{s}' is not a boolean."),
        },
        _ => Convert.ToBoolean(v, Inv),
    };

    private static DateTime ToDateTime(object v) => v switch
    {
        DateTime d => d,
        DateTimeOffset o => o.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s => DateTime.Parse(s, Inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        _ => Convert.ToDateTime(v, Inv),
    };

    private static DateOnly ToDateOnly(object v) => v switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        string s => DateOnly.Parse(s, Inv),
        _ => DateOnly.FromDateTime(Convert.ToDateTime(v, Inv)),
    };
}
