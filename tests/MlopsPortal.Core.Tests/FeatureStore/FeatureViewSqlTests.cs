using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Core.Tests.FeatureStore;

public sealed class FeatureViewSqlTests
{
    private static readonly FeatureViewSpec View = new("LOAN_FEATURES_OHE", 1, ["LOAN_ENTITY"], "WEEK_START_DATE", "FINAL", null,
        ["*_OHE_*", "WEEK"]);

    private static readonly TrainingSetRequest Request = new("SPINE", "WEEK_START_DATE", ["MORTGAGERESPONSE"], "LOAN_FEATURES_OHE", 1, ["A_OHE_x"], "TRAIN");

    [Fact]
    public void Materialize_writes_the_dollar_versioned_table_with_keys_timestamp_and_matched_features()
    {
        var features = FeatureViewSql.ResolveFeatures(View, ["LOAN_ID"], ["LOAN_ID", "WEEK_START_DATE", "A", "A_OHE_x", "A_OHE_y", "WEEK", "MORTGAGERESPONSE"], "FINAL");
        Assert.Equal(["A_OHE_x", "A_OHE_y", "WEEK"], features);
        Assert.Equal(
            "CREATE OR REPLACE TABLE \"LOAN_FEATURES_OHE$1\" AS SELECT \"LOAN_ID\", \"WEEK_START_DATE\", \"A_OHE_x\", \"A_OHE_y\", \"WEEK\" FROM \"FINAL\"",
            FeatureViewSql.Materialize(View, ["LOAN_ID"], features, "FINAL", DuckDbDialect.Instance));
    }

    [Fact]
    public void Without_a_feature_list_every_column_but_keys_timestamp_and_exclusions_is_held()
    {
        var view = View with { Features = [], Exclude = ["MORTGAGERESPONSE", "TS"] };
        Assert.Equal(["A", "WEEK"], FeatureViewSql.ResolveFeatures(view, ["LOAN_ID"], ["LOAN_ID", "WEEK_START_DATE", "A", "WEEK", "TS", "MORTGAGERESPONSE"], "FINAL"));
    }

    [Fact]
    public void Training_set_is_an_asof_left_join_on_keys_and_not_later_timestamps()
    {
        Assert.Equal(
            "CREATE OR REPLACE TABLE \"TRAIN\" AS SELECT \"S\".\"LOAN_ID\", \"S\".\"WEEK_START_DATE\", \"S\".\"MORTGAGERESPONSE\", \"F\".\"WEEK_START_DATE\" AS \"FEATURE_TIMESTAMP\", \"F\".\"A_OHE_x\" AS \"A_OHE_x\" "
            + "FROM \"SPINE\" AS \"S\" ASOF LEFT JOIN \"LOAN_FEATURES_OHE$1\" AS \"F\" ON \"S\".\"LOAN_ID\" = \"F\".\"LOAN_ID\" AND \"S\".\"WEEK_START_DATE\" >= \"F\".\"WEEK_START_DATE\"",
            FeatureViewSql.TrainingSet(Request, ["LOAN_ID"], "WEEK_START_DATE", ["A_OHE_x"], DuckDbDialect.Instance));
    }

    [Fact]
    public void Snowflake_spells_the_asof_join_with_match_condition()
    {
        var sql = FeatureViewSql.TrainingSet(Request, ["LOAN_ID"], "WEEK_START_DATE", ["A_OHE_x"], SnowflakeDialect.Instance);
        Assert.EndsWith(
            "ASOF JOIN \"LOAN_FEATURES_OHE$1\" AS \"F\" MATCH_CONDITION (\"S\".\"WEEK_START_DATE\" >= \"F\".\"WEEK_START_DATE\") ON \"S\".\"LOAN_ID\" = \"F\".\"LOAN_ID\"", sql);
    }

    [Fact]
    public void The_key_check_groups_the_view_by_keys_and_timestamp_and_joins_the_asof_match_on_both_backends()
    {
        foreach (var dialect in new ISqlDialect[] { DuckDbDialect.Instance, SnowflakeDialect.Instance })
        {
            var counts = FeatureViewSql.TrainingSetKeyCounts(Request, ["LOAN_ID"], "WEEK_START_DATE", dialect);
            var keys = FeatureViewSql.TrainingSetDuplicateKeys(Request, ["LOAN_ID"], "WEEK_START_DATE", dialect, 1);
            foreach (var sql in new[] { counts, keys })
            {
                Assert.Contains("\"D\" AS (SELECT \"LOAN_ID\", \"WEEK_START_DATE\" AS \"FEATURE_TIMESTAMP\", COUNT(*) AS \"DUPLICATE_ROWS\" FROM \"LOAN_FEATURES_OHE$1\" GROUP BY \"LOAN_ID\", \"WEEK_START_DATE\" HAVING COUNT(*) > 1)", sql);
                Assert.Contains("\"J\".\"LOAN_ID\" = \"D\".\"LOAN_ID\" AND \"J\".\"FEATURE_TIMESTAMP\" = \"D\".\"FEATURE_TIMESTAMP\"", sql);
                Assert.Contains(dialect.Engine == SqlEngine.Snowflake ? "MATCH_CONDITION" : "ASOF LEFT JOIN", sql);
                Assert.DoesNotContain("CREATE", sql);
            }
            Assert.EndsWith("LIMIT 1", keys);
        }
    }

    [Fact]
    public void Features_named_like_spine_columns_are_refused()
    {
        var ex = Assert.Throws<PortalValidationException>(() =>
            FeatureViewSql.TrainingSet(Request, ["LOAN_ID"], "WEEK_START_DATE", ["MORTGAGERESPONSE"], DuckDbDialect.Instance));
        Assert.Contains("MORTGAGERESPONSE", ex.Message);
    }

    [Theory]
    [InlineData("daily", "0 0 * * *")]
    [InlineData("1 day", "0 0 * * *")]
    [InlineData("6 hours", "0 */6 * * *")]
    [InlineData("30 2 * * *", "30 2 * * *")]
    public void Schedules_become_cron(string schedule, string cron) => Assert.Equal(cron, FeatureStoreValidator.ScheduleCron(schedule));

    [Fact]
    public void View_validation_names_the_problem()
    {
        Assert.Contains("exactly one", Assert.Throws<PortalValidationException>(() => FeatureStoreValidator.Validate(View with { Recipe = "R" })).Message);
        Assert.Contains("version", Assert.Throws<PortalValidationException>(() => FeatureStoreValidator.Validate(View with { Version = 0 })).Message);
        Assert.Contains("pattern", Assert.Throws<PortalValidationException>(() => FeatureStoreValidator.Validate(View with { Features = ["A-*"] })).Message);
        Assert.Contains("join key", Assert.Throws<PortalValidationException>(() => FeatureStoreValidator.Validate(new EntitySpec("E", []))).Message);
        Assert.Equal("LOAN_FEATURES_OHE$1", View.TableName);
    }
}
