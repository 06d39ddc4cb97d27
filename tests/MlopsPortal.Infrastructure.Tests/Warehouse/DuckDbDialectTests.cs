using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Tests.Warehouse;

public class DuckDbDialectTests
{
    private readonly DuckDbDialect _d = DuckDbDialect.Instance;

    [Fact]
    public void Quotes_valid_identifiers_and_refuses_injection()
    {
        Assert.Equal("\"LOAN_FEATURES_OHE$1\"", _d.Quote("LOAN_FEATURES_OHE$1"));
        var e = Assert.Throws<InvalidIdentifierException>(() => _d.Quote("x\"; DROP TABLE y; --"));
        Assert.Contains("not a valid identifier", e.Message);
    }

    [Theory]
    [InlineData(WarehouseType.Integer, "BIGINT")]
    [InlineData(WarehouseType.Double, "DOUBLE")]
    [InlineData(WarehouseType.Decimal, "DECIMAL(18,4)")]
    [InlineData(WarehouseType.Text, "VARCHAR")]
    [InlineData(WarehouseType.Timestamp, "TIMESTAMP")]
    [InlineData(WarehouseType.Date, "DATE")]
    [InlineData(WarehouseType.Boolean, "BOOLEAN")]
    public void Type_names_round_trip(WarehouseType type, string native)
    {
        Assert.Equal(native, _d.TypeName(type));
        Assert.Equal(type, DuckDbDialect.FromNative(native));
    }

    [Fact]
    public void Parameters_and_timestamps()
    {
        Assert.Equal("$week", _d.Parameter("week"));
        Assert.Equal("TIMESTAMP '2025-02-09 00:00:00.000000'", _d.TimestampLiteral(new DateTime(2025, 2, 9, 0, 0, 0, DateTimeKind.Utc)));
    }
}
