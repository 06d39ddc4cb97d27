using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Core.Tests.Registry;

public class AliasRulesTests
{
    [Theory]
    [InlineData("production", "PRODUCTION")]
    [InlineData(" Champion ", "CHAMPION")]
    [InlineData("decommissioned_2", "DECOMMISSIONED_2")]
    public void User_aliases_are_identifiers_kept_upper_case(string given, string expected) =>
        Assert.Equal(expected, AliasRules.ValidateUserAlias(given));

    [Theory]
    [InlineData("DEFAULT")]
    [InlineData("first")]
    [InlineData("Last")]
    public void System_aliases_cannot_be_set(string alias)
    {
        var e = Assert.Throws<PortalValidationException>(() => AliasRules.ValidateUserAlias(alias));
        Assert.Contains("system alias", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1ST")]
    [InlineData("my alias")]
    [InlineData("\"PROD\"")]
    [InlineData("PROD;DROP")]
    public void Malformed_aliases_are_rejected_by_name(string alias)
    {
        var e = Assert.Throws<PortalValidationException>(() => AliasRules.ValidateUserAlias(alias));
        Assert.Contains("not a valid alias name", e.Message);
    }

    [Fact]
    public void Only_production_needs_admin()
    {
        Assert.Equal(Role.Admin, AliasRules.RequiredRole("production"));
        Assert.Equal(Role.DataScientist, AliasRules.RequiredRole("STAGING"));
        Assert.Equal(Role.DataScientist, AliasRules.RequiredRole("DECOMMISSIONED"));
    }

    [Fact]
    public void System_aliases_resolve_on_read()
    {
        var resolved = AliasRules.SystemAliasesFor(["V1", "V2", "V3"], defaultVersion: null);
        Assert.Equal("V1", resolved["DEFAULT"]);
        Assert.Equal("V1", resolved["FIRST"]);
        Assert.Equal("V3", resolved["LAST"]);
        Assert.Equal("V2", AliasRules.SystemAliasesFor(["V1", "V2", "V3"], "V2")["DEFAULT"]);
        Assert.Empty(AliasRules.SystemAliasesFor([], null));
    }

    [Fact]
    public void Tags_are_named_like_identifiers_with_short_values()
    {
        var tags = RegistryNames.Tags(new Dictionary<string, string> { ["source"] = "SageMaker", ["MODEL_STAGE_TAG"] = "PROD" });
        Assert.Equal(["MODEL_STAGE_TAG", "SOURCE"], tags.Keys);
        Assert.Throws<PortalValidationException>(() => RegistryNames.Tags(new Dictionary<string, string> { ["bad tag"] = "x" }));
        var e = Assert.Throws<PortalValidationException>(() => RegistryNames.Tags(new Dictionary<string, string> { ["T"] = new string('x', 257) }));
        Assert.Contains("256", e.Message);
    }
}
