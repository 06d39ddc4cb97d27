using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

public sealed class MonitorStatementsTests
{
    [Fact]
    public void The_labs_monitor_becomes_CREATE_MODEL_MONITOR_from_the_embedded_spec() =>
        SqlGolden.Match(MonitorStatements.Create(LabSpecs.Monitor()) + ";", "monitor_create_lab");

    [Fact]
    public void Recreated_on_the_full_table_with_segments_and_an_hourly_refresh()
    {
        var spec = LabSpecs.Monitor("ALL_PREDICTIONS_WITH_GROUND_TRUTH", "1 hour") with { SegmentColumns = ["LOAN_TYPE_NAME"] };
        SqlGolden.Match(MonitorStatements.Create(spec, orReplace: true) + ";", "monitor_create_replace_segments");
    }

    [Fact]
    public void A_qualified_model_puts_the_monitor_source_and_baseline_in_its_schema()
    {
        var spec = LabSpecs.Monitor() with { Model = "ML_DB.REGISTRY.COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL" };
        var sql = MonitorStatements.Create(spec);
        Assert.StartsWith("CREATE MODEL MONITOR \"ML_DB\".\"REGISTRY\".\"MORTGAGE_MODEL_MONITOR\" WITH", sql);
        Assert.Contains("SOURCE=\"ML_DB\".\"REGISTRY\".\"PREDICTIONS_WITH_GROUND_TRUTH\"", sql);
        Assert.Contains("BASELINE=\"ML_DB\".\"REGISTRY\".\"BASELINE_PREDICTIONS\"", sql);
    }

    [Fact]
    public void Show_suspend_resume_and_drop() =>
        SqlGolden.Match(
            [MonitorStatements.Show("ML_DB.REGISTRY"), MonitorStatements.Show(like: "MORTGAGE%"), MonitorStatements.Suspend("MORTGAGE_MODEL_MONITOR"),
             MonitorStatements.Resume("MORTGAGE_MODEL_MONITOR"), MonitorStatements.Drop("MORTGAGE_MODEL_MONITOR")],
            "monitor_show_suspend_resume_drop");

    [Theory]
    [InlineData("30 seconds", "60 seconds")]
    [InlineData("1 week", "Snowflake refresh interval")]
    [InlineData("hourly", "Snowflake refresh interval")]
    public void Refresh_intervals_Snowflake_does_not_take_are_refused(string interval, string expected) =>
        Assert.Contains(expected, Assert.Throws<PortalValidationException>(() => MonitorStatements.RefreshInterval(interval)).Message);

    [Theory]
    [InlineData("60 seconds", "60 seconds")]
    [InlineData("30 Minutes", "30 minutes")]
    [InlineData("1 hours", "1 hour")]
    [InlineData("2 day", "2 days")]
    public void Refresh_intervals_are_written_in_canonical_form(string interval, string expected) =>
        Assert.Equal(expected, MonitorStatements.RefreshInterval(interval));

    [Fact]
    public void A_monitor_without_a_warehouse_is_refused() =>
        Assert.Contains("warehouse", Assert.Throws<PortalValidationException>(() => MonitorStatements.Create(LabSpecs.Monitor(warehouse: null))).Message);

    [Fact]
    public void A_function_name_with_sql_in_it_is_refused()
    {
        MonitorSpec spec = LabSpecs.Monitor() with { Function = "predict' BASELINE=X --" };
        Assert.Throws<PortalValidationException>(() => MonitorStatements.Create(spec));
    }
}
