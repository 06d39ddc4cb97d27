using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Tests.Data;

public class CsvTypeInferenceTests
{
    private static WarehouseType Infer(params string[] cells)
    {
        var inference = new CsvTypeInference();
        foreach (var c in cells)
            inference.Observe(c);
        return inference.Result;
    }

    [Theory]
    [InlineData(WarehouseType.Integer, "1", "-20", "")]
    [InlineData(WarehouseType.Double, "59.8", "61", "")]
    [InlineData(WarehouseType.Timestamp, "2024-12-20 00:00:00", "2025-01-05 00:00:00")]
    [InlineData(WarehouseType.Timestamp, "2024-12-20", "2025-01-05T10:00:00")]
    [InlineData(WarehouseType.Date, "2024-12-20", "2025-01-05")]
    [InlineData(WarehouseType.Boolean, "true", "FALSE")]
    [InlineData(WarehouseType.Text, "20:15.4", "36:17.3")]
    [InlineData(WarehouseType.Text, "Ulster County", "1")]
    [InlineData(WarehouseType.Text, "", "")]
    public void Infers_the_narrowest_type(WarehouseType expected, params string[] cells) =>
        Assert.Equal(expected, Infer(cells));

    [Fact]
    public void A_clearly_numeric_column_keeps_its_type_despite_a_stray_value()
    {
        var cells = Enumerable.Range(0, 999).Select(i => (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("abc").ToArray();
        Assert.Equal(WarehouseType.Double, Infer(cells));
        Assert.Equal(WarehouseType.Text, Infer(cells[..50].Append("abc").ToArray()));
    }

    [Theory]
    [InlineData("abc", WarehouseType.Double, "'abc' is not a number")]
    [InlineData("1.5", WarehouseType.Integer, "'1.5' is not a whole number")]
    [InlineData("x", WarehouseType.Integer, "'x' is not a number")]
    [InlineData("20:15.4", WarehouseType.Timestamp, "'20:15.4' is not a timestamp (expected e.g. 2024-12-20 00:00:00)")]
    [InlineData("yes", WarehouseType.Boolean, "'yes' is not a boolean (expected true or false)")]
    public void Values_that_do_not_parse_say_why(string cell, WarehouseType type, string problem)
    {
        Assert.False(CsvValues.TryParse(cell, type, out _, out var why));
        Assert.Equal(problem, why);
    }

    [Fact]
    public void Values_parse_invariantly_and_empty_is_null()
    {
        Assert.True(CsvValues.TryParse("2024-12-20 00:00:00", WarehouseType.Timestamp, out var ts, out _));
        Assert.Equal(new DateTime(2024, 12, 20), ts);
        Assert.True(CsvValues.TryParse("59.8", WarehouseType.Double, out var d, out _));
        Assert.Equal(59.8, d);
        Assert.True(CsvValues.TryParse("", WarehouseType.Integer, out var none, out _));
        Assert.Null(none);
    }
}

public class ImportModesTests
{
    [Theory]
    [InlineData("create", ImportMode.Create)]
    [InlineData("Append", ImportMode.Append)]
    [InlineData("REPLACE", ImportMode.Replace)]
    public void Parses_the_api_modes(string text, ImportMode mode) => Assert.Equal(mode, ImportModes.Parse(text));

    [Fact]
    public void Unknown_modes_are_named()
    {
        var e = Assert.Throws<CsvImportException>(() => ImportModes.Parse("upsert"));
        Assert.Equal("Unknown import mode 'upsert': use create, append or replace.", e.Message);
    }

    [Theory]
    [InlineData("_migrations", true)]
    [InlineData("PORTAL_USERS", true)]
    [InlineData("portal_job_runs", true)]
    [InlineData("INFERENCEMORTGAGEDATA", false)]
    public void Portal_tables_are_internal(string table, bool @internal) => Assert.Equal(@internal, PortalTables.IsInternal(table));
}
