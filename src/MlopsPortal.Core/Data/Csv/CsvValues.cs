using System.Globalization;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Data.Csv;

/// <summary>Parses CSV cells into the portable warehouse types (invariant culture; an empty cell is NULL).</summary>
public static class CsvValues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>Converts a cell to the CLR value for <paramref name="type"/>; false with a reason when it does not parse.</summary>
    public static bool TryParse(string cell, WarehouseType type, out object? value, out string? problem)
    {
        problem = null;
        value = null;
        if (cell.Length == 0)
            return true;
        var s = cell.Trim();
        switch (type)
        {
            case WarehouseType.Text:
                value = cell;
                return true;
            case WarehouseType.Integer:
                if (long.TryParse(s, NumberStyles.AllowLeadingSign, Inv, out var l))
                {
                    value = l;
                    return true;
                }
                problem = IsNumber(s) ? $"'{cell}' is not a whole number" : $"'{cell}' is not a number";
                return false;
            case WarehouseType.Double:
                if (double.TryParse(s, NumberStyles.Float, Inv, out var d) && double.IsFinite(d))
                {
                    value = d;
                    return true;
                }
                problem = $"'{cell}' is not a number";
                return false;
            case WarehouseType.Decimal:
                if (decimal.TryParse(s, NumberStyles.Float, Inv, out var m))
                {
                    value = m;
                    return true;
                }
                problem = $"'{cell}' is not a number";
                return false;
            case WarehouseType.Timestamp:
                if (TryTimestamp(s, out var ts))
                {
                    value = ts;
                    return true;
                }
                problem = $"'{cell}' is not a timestamp (expected e.g. 2024-12-20 00:00:00)";
                return false;
            case WarehouseType.Date:
                if (DateOnly.TryParseExact(s, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var date))
                {
                    value = date;
                    return true;
                }
                problem = $"'{cell}' is not a date (expected e.g. 2024-12-20)";
                return false;
            case WarehouseType.Boolean:
                if (TryBool(s, out var b))
                {
                    value = b;
                    return true;
                }
                problem = $"'{cell}' is not a boolean (expected true or false)";
                return false;
            default:
                problem = $"the column type {type} cannot be imported from CSV";
                return false;
        }
    }

    public static bool IsInteger(string s) => long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, Inv, out _);

    public static bool IsNumber(string s) => double.TryParse(s.Trim(), NumberStyles.Float, Inv, out var d) && double.IsFinite(d);

    public static bool IsTimestamp(string s) => TryTimestamp(s.Trim(), out _);

    public static bool IsDate(string s) => DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", Inv, DateTimeStyles.None, out _);

    public static bool IsBoolean(string s) => TryBool(s.Trim(), out _);

    private static bool TryTimestamp(string s, out DateTime value) =>
        DateTime.TryParseExact(s, TimestampFormats, Inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);

    private static bool TryBool(string s, out bool value)
    {
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
        value = false;
        return false;
    }
}
