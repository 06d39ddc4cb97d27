using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>Issue 14: drift is never computed on the id, timestamp, label or the portal's own columns.</summary>
public sealed class MonitorColumnsTests
{
    private static ColumnInfo C(string name, WarehouseType type) => new(name, type, type.ToString());

    [Fact]
    public void A_monitor_over_the_lab_scored_table_reports_no_drift_on_id_time_label_or_run_columns()
    {
        var columns = new[]
        {
            C("WEEK_START_DATE", WarehouseType.Timestamp), C("LOAN_ID", WarehouseType.Integer), C("MORTGAGERESPONSE", WarehouseType.Integer),
            C("LOAN_PURPOSE_NAME", WarehouseType.Text), C("APPLICANT_INCOME_000S", WarehouseType.Double),
            C("PREDICTED_SCORE", WarehouseType.Double), C("PREDICTED_RESPONSE", WarehouseType.Integer), C("SCORING_RUN_ID", WarehouseType.Text),
        };
        var table = new TableInfo("PREDICTIONS_WITH_GROUND_TRUTH", 1_000, columns);
        var spec = new MonitorSpec("M", "MODEL", "V1", "predict", table.Name, table.Name, "WEEK_START_DATE", 7, ["LOAN_ID"],
            ["PREDICTED_RESPONSE"], ["PREDICTED_SCORE"], ["MORTGAGERESPONSE"], [], "1 day", null);

        var drift = MonitorColumns.Plan(spec, table, table).Drift.Select(d => d.Name).ToList();

        Assert.Equal(["LOAN_PURPOSE_NAME", "APPLICANT_INCOME_000S", "PREDICTED_SCORE", "PREDICTED_RESPONSE"], drift);
    }

    [Fact]
    public void With_the_versions_inputs_drift_covers_its_source_columns_folded_from_one_hot_and_the_predictions_only()
    {
        var columns = new[]
        {
            C("WEEK_START_DATE", WarehouseType.Timestamp), C("WEEK", WarehouseType.Integer), C("LOAN_ID", WarehouseType.Integer), C("TS", WarehouseType.Text),
            C("LOAN_PURPOSE_NAME", WarehouseType.Text), C("APPLICANT_INCOME_000S", WarehouseType.Double), C("COUNTY_NAME", WarehouseType.Text),
            C("MORTGAGERESPONSE", WarehouseType.Integer), C("PREDICTED_SCORE", WarehouseType.Double), C("PREDICTED_RESPONSE", WarehouseType.Integer),
        };
        var table = new TableInfo("PREDICTIONS_WITH_GROUND_TRUTH", 1_000, columns);
        var spec = new MonitorSpec("M", "MODEL", "V1", "predict", table.Name, table.Name, "WEEK_START_DATE", 7, ["LOAN_ID"],
            ["PREDICTED_RESPONSE"], ["PREDICTED_SCORE"], ["MORTGAGERESPONSE"], [], "1 day", null);
        var preprocessing = new PreprocessingSpec(
            [FeatureSource.Raw("APPLICANT_INCOME_000S", "APPLICANT_INCOME_000S"), FeatureSource.Dummy("LOAN_PURPOSE_NAME_Refinancing", "LOAN_PURPOSE_NAME", "Refinancing"),
             FeatureSource.Dummy("COUNTY_NAME_Kings", "COUNTY_NAME", "Kings")],
            new Dictionary<string, string>());

        var drift = MonitorColumns.Plan(spec, table, table, MonitorColumns.ModelInputs(preprocessing)).Drift.Select(d => d.Name).ToList();

        Assert.Equal(["LOAN_PURPOSE_NAME", "APPLICANT_INCOME_000S", "COUNTY_NAME", "PREDICTED_SCORE", "PREDICTED_RESPONSE"], drift);
    }
}
