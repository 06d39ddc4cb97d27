using Bunit;
using MlopsPortal.Web.Components.Shared;

namespace MlopsPortal.Web.Tests.Shared;

/// <summary>Long identifiers wrap at their separators ("MONITO R" was the complaint), and read the same as before.</summary>
public sealed class BreakableNameTests : BunitContext
{
    [Fact]
    public void A_model_name_offers_a_line_break_after_each_underscore_and_nowhere_inside_a_word()
    {
        var name = Render<BreakableName>(p => p.Add(x => x.Text, "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL"));

        Assert.Equal("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", name.Markup.Replace("<wbr>", "", StringComparison.Ordinal).Trim());
        Assert.Equal(6, name.FindAll("wbr").Count);
        Assert.Equal(["LOAN_", "FEATURES$", "1"], BreakableName.Parts("LOAN_FEATURES$1"));
        Assert.Equal(["NAME_"], BreakableName.Parts("NAME_"));
        Assert.Empty(BreakableName.Parts(""));
    }
}
