using MlopsPortal.Core.Common;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

public sealed class MetricStatementsTests
{
    private static readonly DateTime From = new(2024, 12, 20, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2025, 6, 13, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Performance_drift_and_stat_metrics_read_their_table_functions() =>
        SqlGolden.Match(
            [
                MetricStatements.Select("MORTGAGE_MODEL_MONITOR", "F1_SCORE", null, 7, From, To),
                MetricStatements.Select("ml_db.registry.mortgage_model_monitor", "ROC_AUC", null, 7, From, To),
                MetricStatements.Select("MORTGAGE_MODEL_MONITOR", "JENSEN_SHANNON", "applicant_income_000s", 7, From, To),
                MetricStatements.Select("MORTGAGE_MODEL_MONITOR", "COUNT_NULL", "APPLICANT_INCOME_000S", 1, From, To),
            ],
            "metrics_select");

    [Theory]
    [InlineData("HELLINGER", "APPLICANT_INCOME_000S", "do not compute HELLINGER")]
    [InlineData("LOG_LOSS", null, "do not compute LOG_LOSS")]
    [InlineData("F1_SCORE", "PREDICTED_SCORE", "takes no column")]
    [InlineData("WASSERSTEIN", null, "name the column")]
    public void Metrics_Snowflake_does_not_serve_or_misused_columns_are_refused(string metric, string? column, string expected) =>
        Assert.Contains(expected, Assert.Throws<PortalValidationException>(() => MetricStatements.Select("MON", metric, column, 7, From, To)).Message);

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused() =>
        Assert.Throws<PortalValidationException>(() => MetricStatements.Select("MON", "F1_SCORE", null, 7, To, From));
}
