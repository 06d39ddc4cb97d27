using MlopsPortal.Core.Common;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

public sealed class RegistryStatementsTests
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";

    [Fact]
    public void Models_and_versions_are_listed_with_SHOW() =>
        SqlGolden.Match(
            [RegistryStatements.ShowModels("ml_db.registry"), RegistryStatements.ShowModels(like: "%MORTGAGE%"), RegistryStatements.ShowVersions("ml_db.registry." + Model)],
            "registry_show");

    [Fact]
    public void An_alias_is_set_on_a_version_unquoted() =>
        SqlGolden.Match(RegistryStatements.SetAlias(Model, "v2", "production") + ";", "alias_set");

    [Fact]
    public void Promotion_moves_PRODUCTION_from_V1_to_V2_and_rollback_moves_it_back() =>
        SqlGolden.Match(
            RegistryStatements.MoveAlias(Model, "PRODUCTION", currentHolder: "V1", targetsCurrentAlias: null, targetVersion: "V2")
                .Concat(RegistryStatements.MoveAlias(Model, "PRODUCTION", currentHolder: "V2", targetsCurrentAlias: "DECOMMISSIONED", targetVersion: "V1")),
            "alias_promote_and_rollback");

    [Fact]
    public void Moving_an_alias_onto_the_version_that_holds_it_changes_nothing() =>
        Assert.Empty(RegistryStatements.MoveAlias(Model, "PRODUCTION", "V2", "PRODUCTION", "v2"));

    [Fact]
    public void Metrics_are_written_in_the_shape_python_clients_read() =>
        SqlGolden.Match(
            RegistryStatements.SetMetadata(Model, "V2", VersionMetadata.WithMetrics(null, new Dictionary<string, double> { ["f1_score"] = 0.8125, ["roc_auc"] = 0.91 })) + ";",
            "metadata_set");

    [Theory]
    [InlineData("PROD; DROP MODEL X")]
    [InlineData("\"PRODUCTION\"")]
    [InlineData("LAST")]
    [InlineData("")]
    public void Bad_or_system_aliases_are_refused_by_name(string alias)
    {
        var error = Assert.Throws<PortalValidationException>(() => RegistryStatements.SetAlias(Model, "V2", alias));
        Assert.Contains(alias.Length == 0 ? "''" : alias, error.Message);
    }

    [Fact]
    public void A_model_name_that_would_break_out_of_the_identifier_is_refused() =>
        Assert.Throws<PortalValidationException>(() => RegistryStatements.ShowVersions("M\" ; DROP TABLE T; --"));
}
