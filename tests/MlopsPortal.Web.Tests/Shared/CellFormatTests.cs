using MlopsPortal.Web.Components.Shared;

namespace MlopsPortal.Web.Tests.Shared;

/// <summary>The cell text shared by the Data, Scoring and Feature Store previews.</summary>
public sealed class CellFormatTests
{
    private static readonly DateTime At = new(2024, 3, 5, 14, 7, 9, DateTimeKind.Utc);

    [Fact]
    public void Each_preview_keeps_its_own_timestamp_and_double_formats()
    {
        CellFormat data = new("yyyy-MM-dd HH:mm:ss", "G10"), scores = new("yyyy-MM-dd HH:mm", "0.######"), recipe = new("yyyy-MM-dd HH:mm:ss");

        Assert.Equal("2024-03-05 14:07:09", data.Format(At));
        Assert.Equal("2024-03-05 14:07", scores.Format(At));
        Assert.Equal("0.3333333333", data.Format(1.0 / 3));
        Assert.Equal("0.333333", scores.Format(1.0 / 3));
        Assert.Equal("0.3333333333333333", recipe.Format(1.0 / 3));
    }

    [Fact]
    public void Null_reads_as_the_null_sign_and_numbers_in_the_invariant_culture()
    {
        var cells = new CellFormat("yyyy-MM-dd");
        Assert.Equal("∅", cells.Format(null));
        Assert.Equal("1234567", cells.Format(1234567L));
        Assert.Equal("2.5", cells.Format(2.5m));
        Assert.Equal("County 1", cells.Format("County 1"));
        Assert.Equal("True", cells.Format(true));
    }
}
