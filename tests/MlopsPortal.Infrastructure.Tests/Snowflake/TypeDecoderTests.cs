using System.Numerics;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>Every row of reference/snowflake.md §5's cell-encoding table, with fractions read from the digits.</summary>
public sealed class TypeDecoderTests
{
    private static object? D(string? cell, string type, int scale = 0, int precision = 38) =>
        SnowflakeTypeDecoder.Decode(cell, new SnowflakeColumn("C", type, precision, scale));

    [Fact]
    public void Fixed_is_an_integer_at_scale_0_and_a_decimal_otherwise()
    {
        Assert.Equal(123L, D("123", "FIXED"));
        Assert.Equal(-9223372036854775808L, D("-9223372036854775808", "FIXED"));
        Assert.Equal(99999999999999999999m, D("99999999999999999999", "FIXED"));
        Assert.Equal(BigInteger.Parse("99999999999999999999999999999999999999"), D("99999999999999999999999999999999999999", "FIXED"));
        Assert.Equal(12.50m, D("12.50", "FIXED", scale: 2));
        Assert.Equal("12.50", ((decimal)D("12.50", "FIXED", scale: 2)!).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Real_reads_NaN_and_infinities()
    {
        Assert.Equal(1.5, D("1.5", "REAL"));
        Assert.True(double.IsNaN((double)D("NaN", "REAL")!));
        Assert.Equal(double.PositiveInfinity, D("inf", "REAL"));
        Assert.Equal(double.NegativeInfinity, D("-inf", "REAL"));
        Assert.Equal(1e-300, D("1e-300", "REAL"));
    }

    [Fact]
    public void Text_binary_and_boolean()
    {
        Assert.Equal("abc", D("abc", "TEXT"));
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0x01 }, D("DEAD01", "BINARY"));
        Assert.Equal(true, D("true", "BOOLEAN"));
        Assert.Equal(false, D("false", "BOOLEAN"));
        Assert.Null(D(null, "TEXT"));
    }

    [Fact]
    public void Date_is_days_since_the_epoch()
    {
        Assert.Equal(new DateTime(2023, 1, 1), D("19358", "DATE"));
        Assert.Equal(new DateTime(1969, 12, 31), D("-1", "DATE"));
    }

    [Fact]
    public void Time_is_seconds_since_midnight_with_the_fraction_from_the_digits()
    {
        Assert.Equal(new TimeSpan(0, 23, 2, 59).Add(TimeSpan.FromTicks(1234567)), D("82979.123456789", "TIME"));
        Assert.Equal(new TimeSpan(0, 23, 1, 59), D("82919.000000000", "TIME"));
        // 0.1 + 0.2 style error would show here if the fraction went through a double
        Assert.Equal(TimeSpan.FromTicks(3), D("0.0000003", "TIME"));
    }

    [Fact]
    public void Timestamp_ntz_is_wall_clock_and_ltz_is_utc()
    {
        var ntz = (DateTime)D("1616173619.000000000", "TIMESTAMP_NTZ")!;
        Assert.Equal(new DateTime(2021, 3, 19, 17, 6, 59), ntz);
        Assert.Equal(DateTimeKind.Unspecified, ntz.Kind);
        var ltz = (DateTime)D("1616173619.5", "TIMESTAMP_LTZ")!;
        Assert.Equal(new DateTime(2021, 3, 19, 17, 6, 59, 500, DateTimeKind.Utc), ltz);
        Assert.Equal(DateTimeKind.Utc, ltz.Kind);
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 58, 500), D("-1.500000000", "TIMESTAMP_NTZ"));
        Assert.Equal(DateTime.UnixEpoch.AddTicks(9_999_999), DateTime.SpecifyKind((DateTime)D("0.999999999", "TIMESTAMP_NTZ")!, DateTimeKind.Utc));
    }

    [Fact]
    public void Timestamp_tz_takes_its_offset_from_N_minus_1440()
    {
        var tz = (DateTimeOffset)D("1616173619.000000000 1440", "TIMESTAMP_TZ")!;
        Assert.Equal(TimeSpan.Zero, tz.Offset);
        Assert.Equal(new DateTimeOffset(2021, 3, 19, 17, 6, 59, TimeSpan.Zero), tz);
        var east = (DateTimeOffset)D("1616173619.250000000 1980", "TIMESTAMP_TZ")!;
        Assert.Equal(TimeSpan.FromHours(9), east.Offset);
        Assert.Equal(new DateTimeOffset(2021, 3, 20, 2, 6, 59, 250, TimeSpan.FromHours(9)), east);
        Assert.Equal(tz.UtcTicks + 2_500_000, east.UtcTicks);
        var west = (DateTimeOffset)D("1616173619.000000000 1140", "TIMESTAMP_TZ")!;
        Assert.Equal(TimeSpan.FromHours(-5), west.Offset);
    }

    [Fact]
    public void Bad_cells_name_the_column_and_type()
    {
        var e = Assert.Throws<FormatException>(() => D("12x", "TIMESTAMP_NTZ"));
        Assert.Contains("TIMESTAMP_NTZ", e.Message);
        Assert.Contains("'12x'", e.Message);
    }

    [Fact]
    public void Bindings_carry_the_type_and_the_value_as_a_string()
    {
        Assert.Equal(new SnowflakeBinding("FIXED", "42"), SnowflakeBinding.From(42));
        Assert.Equal(new SnowflakeBinding("FIXED", "-1.25"), SnowflakeBinding.From(-1.25m));
        Assert.Equal(new SnowflakeBinding("REAL", "0.1"), SnowflakeBinding.From(0.1));
        Assert.Equal(new SnowflakeBinding("BOOLEAN", "true"), SnowflakeBinding.From(true));
        Assert.Equal(new SnowflakeBinding("TEXT", null), SnowflakeBinding.From(null));
        Assert.Equal(new SnowflakeBinding("TEXT", "2025-02-03 04:05:06.1234567"),
            SnowflakeBinding.From(new DateTime(2025, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567)));
        Assert.Equal(new SnowflakeBinding("BINARY", "0A0B"), SnowflakeBinding.From(new byte[] { 10, 11 }));
        Assert.Throws<ArgumentException>(() => SnowflakeBinding.From(new object()));
    }
}
