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
            WarehouseType.Boolean => (r, v) => Write(r, v, x => r.AppendValue(ToBool(x))),
            WarehouseType.Integer => native switch
            {
                "INTEGER" or "INT" or "INT4" => (r, v) => Write(r, v, x => r.AppendValue(Convert.ToInt32(x, Inv))),
                "SMALLINT" => (r, v) => Write(r, v, x => r.AppendValue(Convert.ToInt16(x, Inv))),
                "TINYINT" => (r, v) => Write(r, v, x => r.AppendValue(Convert.ToSByte(x, Inv))),
                _ => (r, v) => Write(r, v, x => r.AppendValue(Convert.ToInt64(x, Inv))),
            },
            WarehouseType.Double => native is "FLOAT" or "REAL" or "FLOAT4"
                ? (r, v) => Write(r, v, x => r.AppendValue(Convert.ToSingle(x, Inv)))
                : (r, v) => Write(r, v, x => r.AppendValue(Convert.ToDouble(x, Inv))),
            WarehouseType.Decimal => (r, v) => Write(r, v, x => r.AppendValue(Convert.ToDecimal(x, Inv))),
            WarehouseType.Text => (r, v) => Write(r, v, x => r.AppendValue(Convert.ToString(x, Inv))),
            WarehouseType.Timestamp => (r, v) => Write(r, v, x => r.AppendValue(ToDateTime(x))),
            WarehouseType.Date => (r, v) => Write(r, v, x => r.AppendValue(ToDateOnly(x))),
            _ => throw new NotSupportedException(
                $"Column {column.Name} has type {column.NativeType}, which bulk writes do not support."),
        };
    }

    private static void Write(IDuckDBAppenderRow row, object? value, Action<object> write)
    {
        if (value is null or DBNull)
            row.AppendNullValue();
        else
            write(value);
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
