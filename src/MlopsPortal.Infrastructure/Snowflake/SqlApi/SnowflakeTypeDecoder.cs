using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace MlopsPortal.Infrastructure.Snowflake.SqlApi;

/// <summary>
/// Decodes jsonv2 cells (strings or null) by <c>rowType.type</c>, as reference/snowflake.md §5's table says.
/// Fractions of seconds are parsed from the digits of the string, never through a double, so no nanosecond is lost
/// beyond .NET's 100 ns tick.
/// </summary>
public static class SnowflakeTypeDecoder
{
    public static object? Decode(string? cell, SnowflakeColumn column)
    {
        if (cell is null)
            return null;
        try
        {
            return column.Type switch
            {
                "FIXED" => column.Scale == 0 ? Integer(cell) : decimal.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
                "REAL" or "FLOAT" or "DOUBLE" => Real(cell),
                "TEXT" => cell,
                "BINARY" => Convert.FromHexString(cell),
                "BOOLEAN" => cell is "true" or "TRUE" or "1",
                "DATE" => DateTime.UnixEpoch.AddDays(long.Parse(cell, CultureInfo.InvariantCulture)),
                "TIME" => new TimeSpan(EpochTicks(cell)),
                "TIMESTAMP_NTZ" => new DateTime(DateTime.UnixEpoch.Ticks + EpochTicks(cell), DateTimeKind.Unspecified),
                "TIMESTAMP_LTZ" => new DateTime(DateTime.UnixEpoch.Ticks + EpochTicks(cell), DateTimeKind.Utc),
                "TIMESTAMP_TZ" => TimestampTz(cell),
                "VARIANT" or "OBJECT" or "ARRAY" or "MAP" => JsonDocument.Parse(cell).RootElement.Clone(),
                _ => cell,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw new FormatException($"Column {column.Name} ({column.Type}): cannot decode '{cell}': {e.Message}", e);
        }
    }

    /// <summary>The .NET type a column decodes to (used to type the columns of a result table).</summary>
    public static Type ClrType(SnowflakeColumn column) => column.Type switch
    {
        "FIXED" => column.Scale == 0 ? (column.Precision is > 0 and <= 18 ? typeof(long) : typeof(object)) : typeof(decimal),
        "REAL" or "FLOAT" or "DOUBLE" => typeof(double),
        "BINARY" => typeof(byte[]),
        "BOOLEAN" => typeof(bool),
        "DATE" or "TIMESTAMP_NTZ" or "TIMESTAMP_LTZ" => typeof(DateTime),
        "TIME" => typeof(TimeSpan),
        "TIMESTAMP_TZ" => typeof(DateTimeOffset),
        "VARIANT" or "OBJECT" or "ARRAY" or "MAP" => typeof(JsonElement),
        _ => typeof(string),
    };

    /// <summary>long when it fits, else decimal, else BigInteger (NUMBER(38,0) holds up to 38 digits).</summary>
    private static object Integer(string cell)
    {
        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return l;
        if (decimal.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m))
            return m;
        return BigInteger.Parse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static double Real(string cell) => cell.ToLowerInvariant() switch
    {
        "nan" => double.NaN,
        "inf" or "infinity" or "+inf" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>"seconds.fraction N": the instant is UTC epoch seconds, the offset is N − 1440 minutes.</summary>
    private static DateTimeOffset TimestampTz(string cell)
    {
        var space = cell.IndexOf(' ');
        if (space < 0)
            return new DateTimeOffset(DateTime.UnixEpoch.Ticks + EpochTicks(cell), TimeSpan.Zero);
        var ticks = DateTime.UnixEpoch.Ticks + EpochTicks(cell[..space]);
        var offset = TimeSpan.FromMinutes(int.Parse(cell[(space + 1)..], CultureInfo.InvariantCulture) - 1440);
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }

    /// <summary>
    /// Parses "[-]seconds[.fraction]" into 100 ns ticks exactly: the fraction's first 7 digits are ticks
    /// (digits beyond are truncated, as .NET cannot hold nanoseconds).
    /// </summary>
    internal static long EpochTicks(string text)
    {
        var s = text.AsSpan().Trim();
        var negative = s.Length > 0 && s[0] == '-';
        if (negative || (s.Length > 0 && s[0] == '+'))
            s = s[1..];
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : s[(dot + 1)..];
        if (whole.IsEmpty && fraction.IsEmpty)
            throw new FormatException("no digits");
        var seconds = whole.IsEmpty ? 0 : long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
        long fractionTicks = 0;
        for (var i = 0; i < 7; i++)
        {
            var digit = i < fraction.Length ? fraction[i] - '0' : 0;
            if (digit is < 0 or > 9)
                throw new FormatException($"'{text}' has a non-digit in its fraction");
            fractionTicks = fractionTicks * 10 + digit;
        }
        for (var i = 7; i < fraction.Length; i++)
            if (fraction[i] is < '0' or > '9')
                throw new FormatException($"'{text}' has a non-digit in its fraction");
        var ticks = checked(seconds * TimeSpan.TicksPerSecond + fractionTicks);
        return negative ? -ticks : ticks;
    }
}
