using MlopsPortal.Core.Common;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

public sealed class VersionMetadataTests
{
    [Fact]
    public void New_metadata_has_exactly_metrics_and_the_schema_version() =>
        Assert.Equal(
            """{"metrics":{"auc":0.91,"f1":0.8},"snowpark_ml_schema_version":"2024-01-01"}""",
            VersionMetadata.WithMetrics("{}", new Dictionary<string, double> { ["f1"] = 0.8, ["auc"] = 0.91 }));

    [Fact]
    public void Existing_metrics_and_other_keys_are_kept_and_a_metric_is_overwritten()
    {
        var json = VersionMetadata.WithMetrics(
            """{"metrics":{"acc":0.7,"f1":0.5},"owner":"lab","snowpark_ml_schema_version":"2024-01-01"}""",
            new Dictionary<string, double> { ["f1"] = 0.8 });
        Assert.Equal("""{"metrics":{"acc":0.7,"f1":0.8},"owner":"lab","snowpark_ml_schema_version":"2024-01-01"}""", json);
        Assert.Equal(new Dictionary<string, double> { ["acc"] = 0.7, ["f1"] = 0.8 }, VersionMetadata.Metrics(json));
    }

    [Fact]
    public void A_non_finite_metric_is_refused_naming_it() =>
        Assert.Contains("logloss", Assert.Throws<PortalValidationException>(() =>
            VersionMetadata.WithMetrics(null, new Dictionary<string, double> { ["logloss"] = double.NaN })).Message);

    [Fact]
    public void Metadata_holding_dollar_quotes_is_written_as_an_escaped_literal()
    {
        var json = VersionMetadata.WithMetrics("""{"note":"costs $$ and it's \\ fine"}""", new Dictionary<string, double> { ["f1"] = 1 });
        var sql = RegistryStatements.SetMetadata("M", "V1", json);
        Assert.EndsWith("""SET METADATA = '{"metrics":{"f1":1},"note":"costs $$ and it''s \\\\ fine","snowpark_ml_schema_version":"2024-01-01"}'""", sql);
    }

    [Fact]
    public void Literals_double_quotes_and_escape_backslashes() =>
        Assert.Equal(@"'O''Brien \\n'", NativeSql.Literal(@"O'Brien \n"));
}
