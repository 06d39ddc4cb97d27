using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

/// <summary>The services' reading of SHOW output by column name, and the statements they send for it.</summary>
public sealed class NativeServicesTests
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // SHOW VERSIONS columns in Snowflake's documented order plus a newer one ("runnable_in") the portal ignores.
    private static readonly string[] VersionColumns =
        ["created_on", "name", "aliases", "database_name", "schema_name", "model_name", "is_default_version", "functions", "metadata", "user_data", "runnable_in", "comment"];

    private static ShowOutputWarehouse LabVersions() => new ShowOutputWarehouse().Answer("SHOW VERSIONS", VersionColumns,
        [new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), "V1", """["DEFAULT","FIRST","PRODUCTION"]""", "ML_DB", "REGISTRY", Model, "true", """["PREDICT","PREDICT_PROBA"]""", """{"metrics":{"f1":0.71},"snowpark_ml_schema_version":"2024-01-01"}""", "{}", "[]", null],
        ["2025-03-01 10:00:00", "V2", """["LAST"]""", "ML_DB", "REGISTRY", Model, "false", """["PREDICT","PREDICT_PROBA","EXPLAIN"]""", "{}", "{}", "[]", "retrained"]);

    [Fact]
    public async Task Models_are_read_from_SHOW_MODELS_by_column_name()
    {
        // Columns shuffled and one added: only the names matter.
        var warehouse = new ShowOutputWarehouse().Answer("SHOW MODELS",
            ["aliases", "name", "owner", "inference_services", "default_version_name", "database_name", "schema_name", "comment", "created_on", "model_type", "versions"],
            ["""{"DEFAULT":"V1","FIRST":"V1","LAST":"V2","PRODUCTION":"V2"}""", Model, "ML_ROLE", "[]", "V1", "ML_DB", "REGISTRY", "lab model", "2025-01-02 00:00:00", "USER_MODEL", """["V1","V2"]"""]);
        var models = await new SnowflakeModelRegistry(warehouse).ListModelsAsync("ML_DB.REGISTRY", Ct);

        var m = Assert.Single(models);
        Assert.Equal(("ML_DB.REGISTRY." + Model, "V1", "ML_ROLE", "lab model"), (m.QualifiedName, m.DefaultVersion, m.Owner, m.Comment));
        Assert.Equal("V2", m.Aliases["PRODUCTION"]);
        Assert.Equal(new DateTime(2025, 1, 2), m.CreatedOn);
    }

    [Fact]
    public async Task Versions_carry_their_aliases_functions_default_flag_and_metrics()
    {
        var versions = await new SnowflakeModelRegistry(LabVersions()).ListVersionsAsync(Model, Ct);

        Assert.Equal(["V1", "V2"], versions.Select(v => v.Name));
        Assert.Equal("PRODUCTION", versions[0].UserAlias);
        Assert.Null(versions[1].UserAlias);
        Assert.True(versions[0].IsDefault);
        Assert.False(versions[1].IsDefault);
        Assert.Equal(["PREDICT", "PREDICT_PROBA", "EXPLAIN"], versions[1].Functions);
        Assert.Equal(0.71, versions[0].Metrics["f1"]);
        Assert.Empty(versions[1].Metrics);
        Assert.Equal("retrained", versions[1].Comment);
    }

    [Fact]
    public async Task Promoting_V2_takes_PRODUCTION_off_V1_first()
    {
        var warehouse = LabVersions();
        await new SnowflakeModelRegistry(warehouse).SetAliasAsync(Model, "production", "v2", Ct);
        Assert.Equal(
            [
                $"ALTER MODEL \"{Model}\" VERSION PRODUCTION UNSET ALIAS",
                $"ALTER MODEL \"{Model}\" VERSION \"V2\" SET ALIAS = PRODUCTION",
            ],
            warehouse.Executed);
    }

    [Fact]
    public async Task An_alias_on_a_version_the_model_does_not_have_is_refused_and_nothing_is_sent()
    {
        var warehouse = LabVersions();
        await Assert.ThrowsAsync<PortalNotFoundException>(() => new SnowflakeModelRegistry(warehouse).SetAliasAsync(Model, "PRODUCTION", "V9", Ct));
        Assert.Empty(warehouse.Executed);
    }

    [Fact]
    public async Task Metrics_are_merged_into_the_versions_metadata()
    {
        var warehouse = LabVersions();
        await new SnowflakeModelRegistry(warehouse).SetMetricsAsync(Model, "V1", new Dictionary<string, double> { ["roc_auc"] = 0.88 }, Ct);
        Assert.Equal(
            $"ALTER MODEL \"{Model}\" MODIFY VERSION \"V1\" SET METADATA = $${{\"metrics\":{{\"f1\":0.71,\"roc_auc\":0.88}},\"snowpark_ml_schema_version\":\"2024-01-01\"}}$$",
            Assert.Single(warehouse.Executed));
    }

    [Fact]
    public async Task Monitors_are_read_from_SHOW_MODEL_MONITORS()
    {
        var warehouse = new ShowOutputWarehouse().Answer("SHOW MODEL MONITORS",
            ["created_on", "name", "database_name", "schema_name", "warehouse_name", "refresh_interval", "aggregation_window", "model_task", "monitor_state", "source", "baseline", "model", "comment"],
            ["2025-01-05 00:00:00", "MORTGAGE_MODEL_MONITOR", "ML_DB", "REGISTRY", "ML_HOL_WH", "1 day", "7 days", "TABULAR_BINARY_CLASSIFICATION", "ACTIVE",
             """{"name":"PREDICTIONS_WITH_GROUND_TRUTH"}""", """{"name":"BASELINE_PREDICTIONS"}""", """{"model_name":"M","version_name":"V1"}""", null]);
        var m = Assert.Single(await new SnowflakeMonitors(warehouse).ListAsync(ct: Ct));
        Assert.Equal(("MORTGAGE_MODEL_MONITOR", "ACTIVE", "7 days", "ML_HOL_WH"), (m.Name, m.State, m.AggregationWindow, m.Warehouse));
        Assert.Contains("PREDICTIONS_WITH_GROUND_TRUTH", m.Source);
    }

    [Fact]
    public async Task Drift_points_map_onto_the_portals_metric_values()
    {
        var warehouse = new ShowOutputWarehouse().Answer("SELECT * FROM TABLE(MODEL_MONITOR_DRIFT_METRIC",
            ["EVENT_TIMESTAMP", "METRIC_VALUE", "COL_COUNT_USED", "COL_COUNT_UNUSED", "BASELINE_COL_COUNT_USED", "BASELINE_COL_COUNT_UNUSED", "METRIC_NAME", "COLUMN_NAME", "SEGMENT_COLUMN", "SEGMENT_VALUE"],
            [new DateTime(2025, 2, 7), 0.125, 200L, 0L, 1000L, 0L, "JENSEN_SHANNON", "APPLICANT_INCOME_000S", null, null],
            ["2025-02-14 00:00:00.000", "0.25", "190", "10", "1000", "0", "JENSEN_SHANNON", "APPLICANT_INCOME_000S", null, null]);
        var points = await new SnowflakeMonitors(warehouse).MetricsAsync("MORTGAGE_MODEL_MONITOR", "JENSEN_SHANNON", "APPLICANT_INCOME_000S", 7,
            new DateTime(2025, 1, 1), new DateTime(2025, 3, 1), Ct);

        Assert.Equal([new DateTime(2025, 2, 7), new DateTime(2025, 2, 14)], points.Select(p => p.EventTimestamp));
        Assert.Equal([0.125, 0.25], points.Select(p => p.Value.Value));
        Assert.Equal([200L, 190L], points.Select(p => p.Value.CountUsed));
        Assert.All(points, p => Assert.Equal(("JENSEN_SHANNON", "APPLICANT_INCOME_000S"), (p.Value.Metric, p.Value.Column)));
    }

    [Fact]
    public async Task A_new_alert_is_created_then_resumed_since_Snowflake_creates_it_suspended()
    {
        var warehouse = new ShowOutputWarehouse();
        var alerts = new SnowflakeAlerts(warehouse);
        await alerts.CreateAsync(LabSpecs.NativeF1Alert(), ct: Ct);
        await alerts.ExecuteAsync("F1_SCORE_DROP_ALERT", Ct);
        await alerts.SuspendAsync("F1_SCORE_DROP_ALERT", Ct);

        Assert.Equal(4, warehouse.Executed.Count);
        Assert.StartsWith("CREATE OR REPLACE ALERT \"F1_SCORE_DROP_ALERT\"", warehouse.Executed[0]);
        Assert.Equal(["ALTER ALERT \"F1_SCORE_DROP_ALERT\" RESUME", "EXECUTE ALERT \"F1_SCORE_DROP_ALERT\"", "ALTER ALERT \"F1_SCORE_DROP_ALERT\" SUSPEND"], warehouse.Executed.Skip(1));
    }

    [Fact]
    public async Task Creating_a_monitor_sends_the_golden_statement()
    {
        var warehouse = new ShowOutputWarehouse();
        await new SnowflakeMonitors(warehouse).CreateAsync(LabSpecs.Monitor(), ct: Ct);
        SqlGolden.Match(Assert.Single(warehouse.Executed) + ";", "monitor_create_lab");
    }

    [Fact]
    public async Task A_portal_model_is_scored_in_the_warehouse_over_the_lab_preprocessing()
    {
        var warehouse = new ShowOutputWarehouse();
        warehouse.Tables.Add(new TableInfo("INFERENCEMORTGAGEDATA", 4800,
        [
            new ColumnInfo("LOAN_ID", WarehouseType.Integer, "NUMBER"), new ColumnInfo("WEEK", WarehouseType.Integer, "NUMBER"),
            new ColumnInfo("MORTGAGERESPONSE", WarehouseType.Integer, "NUMBER"), new ColumnInfo("LOAN_AMOUNT_000S", WarehouseType.Integer, "NUMBER"),
            new ColumnInfo("APPLICANT_INCOME_000S", WarehouseType.Double, "FLOAT"), new ColumnInfo("LOAN_TYPE_NAME", WarehouseType.Text, "VARCHAR"),
        ]));
        var preprocessing = new PreprocessingSpec(
            [FeatureSource.Raw("LOAN_AMOUNT_000S", "LOAN_AMOUNT_000S"), FeatureSource.Raw("APPLICANT_INCOME_000S", "APPLICANT_INCOME_000S"),
             FeatureSource.Dummy("LOAN_TYPE_NAME_OHE_FHA", "LOAN_TYPE_NAME", "FHA")],
            new Dictionary<string, string> { ["LOAN_TYPE_NAME"] = "Conventional" });
        var target = new WarehouseScoringTarget("INFERENCEMORTGAGEDATA", "PREDICTIONS_WITH_GROUND_TRUTH", ["LOAN_ID", "WEEK", "MORTGAGERESPONSE"],
            RunId: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));

        await new SnowflakeScoring(warehouse).ScorePortalModelAsync(ScoringStatementsTests.TwoStumps(), preprocessing, target, Ct);

        // The same statement as the golden built from hand-written feature expressions.
        SqlGolden.Match(Assert.Single(warehouse.Executed) + ";", "score_compiled_model");
    }

    [Fact]
    public async Task Scoring_a_table_that_does_not_exist_is_refused_before_anything_is_sent()
    {
        var warehouse = new ShowOutputWarehouse();
        var target = new WarehouseScoringTarget("NO_SUCH_TABLE", "OUT", []);
        await Assert.ThrowsAsync<PortalNotFoundException>(() =>
            new SnowflakeScoring(warehouse).ScorePortalModelAsync(ScoringStatementsTests.TwoStumps(), new PreprocessingSpec([], new Dictionary<string, string>()), target, Ct));
        Assert.Empty(warehouse.Executed);
    }
}
