using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Common;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

public sealed class AlertStatementsTests
{
    [Fact]
    public void The_labs_F1_drop_alert_over_its_fixed_demo_range() =>
        SqlGolden.Match(AlertStatements.Create(LabSpecs.NativeF1Alert()) + ";", "alert_create_lab_fixed");

    [Fact]
    public void The_production_alert_looks_at_the_last_seven_days_serverless() =>
        SqlGolden.Match(AlertStatements.Create(LabSpecs.NativeF1Alert(lastDays: 7) with { Warehouse = null }) + ";", "alert_create_rolling_serverless");

    [Fact]
    public void Resume_suspend_execute_and_drop() =>
        SqlGolden.Match(
            [AlertStatements.Resume("F1_SCORE_DROP_ALERT"), AlertStatements.Suspend("F1_SCORE_DROP_ALERT"), AlertStatements.Execute("F1_SCORE_DROP_ALERT"),
             AlertStatements.Drop("F1_SCORE_DROP_ALERT"), AlertStatements.Show("ML_DB.REGISTRY")],
            "alert_resume_suspend_execute");

    [Fact]
    public void A_drift_alert_reads_the_drift_function_for_its_column()
    {
        var spec = LabSpecs.F1Alert() with { Metric = "JENSEN_SHANNON", Column = "APPLICANT_INCOME_000S", Comparator = ">", Threshold = 0.2 };
        var sql = AlertStatements.Condition(new NativeAlertSpec(spec, "MY_EMAIL_INT", null, 7));
        Assert.Contains("TABLE(MODEL_MONITOR_DRIFT_METRIC('MORTGAGE_MODEL_MONITOR', 'JENSEN_SHANNON', 'APPLICANT_INCOME_000S', '7 DAY',", sql);
        Assert.EndsWith("AND METRIC_VALUE > 0.2", sql);
    }

    [Fact]
    public void Subject_and_body_with_quotes_are_escaped()
    {
        var spec = LabSpecs.NativeF1Alert() with { Subject = "F1 isn't fine", Body = @"see C:\reports" };
        Assert.EndsWith(@"'F1 isn''t fine', 'see C:\\reports')", AlertStatements.SendEmail(spec));
    }

    [Fact]
    public void An_alert_without_recipients_is_refused_since_Snowflake_sends_email()
    {
        var spec = LabSpecs.F1Alert() with { Recipients = [], Webhook = "https://hooks.example.com/x" };
        Assert.Contains("recipient", Assert.Throws<PortalValidationException>(() => AlertStatements.Create(new NativeAlertSpec(spec, "MY_EMAIL_INT", null))).Message);
    }

    [Fact]
    public void A_cron_with_seconds_is_refused_since_Snowflake_takes_five_fields()
    {
        var spec = LabSpecs.F1Alert() with { Schedule = "0 0 9 * * *" };
        Assert.Contains("5 cron fields", Assert.Throws<PortalValidationException>(() => AlertStatements.Create(new NativeAlertSpec(spec, "MY_EMAIL_INT", null))).Message);
    }
}
