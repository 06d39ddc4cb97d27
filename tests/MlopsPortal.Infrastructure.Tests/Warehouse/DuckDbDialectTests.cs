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
    [InlineData("PORTAL_USERS")]
    [InlineData("portal_settings")]
    [InlineData("_migrations")]
    public void A_name_the_portal_keeps_for_itself_is_refused_for_users_and_quoted_for_its_own_stores(string reserved)
    {
        foreach (var dialect in new ISqlDialect[] { _d, MlopsPortal.Infrastructure.Snowflake.SnowflakeDialect.Instance })
        {
            var e = Assert.Throws<ReservedNameException>(() => dialect.Quote(reserved));
            Assert.Contains("reserved for the portal's own data", e.Message);
            Assert.Equal(reserved.ToUpperInvariant(), dialect.QuoteOwn(reserved).Trim('"').ToUpperInvariant());
        }
        Assert.Equal("\"PORTALS\"", _d.Quote("PORTALS")); // only the PORTAL_ prefix is reserved
    }

    [Fact]
    public async Task The_warehouse_describes_a_users_table_but_refuses_to_describe_its_own()
    {
        using var temp = new TempWarehouse();
        var ct = TestContext.Current.CancellationToken;
        await new MlopsPortal.Core.Warehouse.Migrations.MigrationRunner(temp.Warehouse).RunAsync(ct);
        await Assert.ThrowsAsync<ReservedNameException>(() => temp.Warehouse.DescribeTableAsync("PORTAL_USERS", ct));
        Assert.Null(await temp.Warehouse.DescribeTableAsync("NOT_THERE", ct));
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
