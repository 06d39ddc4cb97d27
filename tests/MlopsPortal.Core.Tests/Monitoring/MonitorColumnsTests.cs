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

/// <summary>Issue 14: the New monitor form starts from the warehouse's own tables, not another lab's names.</summary>
public sealed class MonitorDefaultsTests
{
    private static ColumnInfo C(string name, WarehouseType type) => new(name, type, type.ToString());

    [Fact]
    public void The_scored_table_with_the_versions_inputs_is_the_source_and_a_baseline_named_table_the_baseline()
    {
        ColumnInfo[] scored =
        [
            C("WEEK_START_DATE", WarehouseType.Timestamp), C("LOAN_ID", WarehouseType.Integer), C("APPLICANT_INCOME_000S", WarehouseType.Double),
            C("MORTGAGERESPONSE", WarehouseType.Integer), C("PREDICTED_SCORE", WarehouseType.Double), C("PREDICTED_RESPONSE", WarehouseType.Integer),
            C("SCORING_RUN_ID", WarehouseType.Text),
        ];
        TableInfo[] tables =
        [
            new("INFERENCEMORTGAGEDATA", 5_000, scored.Take(4).ToList()),            // raw: no predictions
            new("OTHER_SCORES", 9_000, [C("TS", WarehouseType.Timestamp), C("PREDICTED_SCORE", WarehouseType.Double)]),
            new("PREDICTIONS_WITH_GROUND_TRUTH", 1_000, scored),
            new("MY_BASELINE", 1_000, scored),
        ];

        var r = MonitorDefaults.Suggest("MORTGAGE_MODEL", "V2", tables, new HashSet<string> { "APPLICANT_INCOME_000S" });

        Assert.Equal("MORTGAGE_MODEL_V2_MONITOR", r.Name);
        Assert.Equal(("MORTGAGE_MODEL", "V2"), (r.Model, r.Version));
        Assert.Equal("PREDICTIONS_WITH_GROUND_TRUTH", r.Source);
        Assert.Equal("MY_BASELINE", r.Baseline);
        Assert.Equal("WEEK_START_DATE", r.TimestampColumn);
        Assert.Equal(["LOAN_ID"], r.IdColumns);
        Assert.Equal(["PREDICTED_RESPONSE"], r.PredictionClassColumns);
        Assert.Equal(["PREDICTED_SCORE"], r.PredictionScoreColumns);
        Assert.Empty(r.ActualClassColumns!); // the label is the user's pick, never a guess

        var empty = MonitorDefaults.Suggest("M", "V1", [tables[0]], null);
        Assert.Null(empty.Source);
        Assert.Null(empty.Baseline);
    }
}
