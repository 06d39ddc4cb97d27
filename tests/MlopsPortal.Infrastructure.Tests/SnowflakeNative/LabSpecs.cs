using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

/// <summary>The lab's monitor and alert (docs/lab-workflow.md phase 2) as the portal's own request types produce them.</summary>
internal static class LabSpecs
{
    public static MonitorSpec Monitor(string source = "PREDICTIONS_WITH_GROUND_TRUTH", string refresh = "1 day", string? warehouse = "ML_HOL_WH") =>
        new MonitorRequest
        {
            Name = "MORTGAGE_MODEL_MONITOR",
            Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL",
            Version = "V1",
            Function = "predict",
            Source = source,
            Baseline = "BASELINE_PREDICTIONS",
            TimestampColumn = "WEEK_START_DATE",
            AggregationWindowDays = 7,
            IdColumns = ["LOAN_ID"],
            PredictionClassColumns = ["PREDICTED_RESPONSE"],
            PredictionScoreColumns = ["PREDICTED_SCORE"],
            ActualClassColumns = ["MORTGAGERESPONSE"],
            RefreshInterval = refresh,
            Warehouse = warehouse,
        }.ToSpec();

    public static AlertSpec F1Alert(int? lastDays = null) =>
        new AlertRequest
        {
            Name = "F1_SCORE_DROP_ALERT",
            Monitor = "MORTGAGE_MODEL_MONITOR",
            Metric = "F1_SCORE",
            Comparator = "<",
            Threshold = 0.7,
            Start = lastDays is null ? "2025-02-09" : null,
            End = lastDays is null ? "2025-02-16" : null,
            LastDays = lastDays,
            Schedule = "0 9 * * *",
            TimeZone = "UTC",
            Recipients = ["ml-team@example.com", "owner@example.com"],
        }.ToSpec();

    public static NativeAlertSpec NativeF1Alert(int? lastDays = null) => new(F1Alert(lastDays), "MY_EMAIL_INT", "ML_HOL_WH", GranularityDays: 1);
}
