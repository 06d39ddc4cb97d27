using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace MlopsPortal.Web.Tests.Snowflake;

/// <summary>
/// /api/snowflake over the real SQL API client against the fake account: what the API lists comes from SHOW output,
/// what it changes is sent as the golden-tested statements and shows in the next SHOW; viewers read, data scientists change.
/// </summary>
public sealed class SnowflakeNativeApiTests(SnowflakeNativePortal portal) : IClassFixture<SnowflakeNativePortal>
{
    private const string Model = FakeSnowflakeAccount.Model;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeSnowflakeAccount Account => portal.Account;

    [Fact]
    public async Task Models_and_versions_come_from_Snowflakes_registry_and_PRODUCTION_moves_to_V2()
    {
        var admin = await portal.AdminClientAsync();
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/snowflake/status", Ct);
        Assert.True(status.GetProperty("available").GetBoolean());
        Assert.Equal("lab", status.GetProperty("connection").GetString());

        var models = await admin.GetFromJsonAsync<JsonElement>("/api/snowflake/models", Ct);
        var model = Assert.Single(models.EnumerateArray());
        Assert.Equal(Model, model.GetProperty("name").GetString());
        Assert.Equal("ML_DB.REGISTRY." + Model, model.GetProperty("qualifiedName").GetString());

        var moved = await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/production", new { version = "v2" }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        // Snowflake allows an alias on one version: it comes off V1 before it goes on V2.
        Assert.Equal(
            [$"ALTER MODEL \"{Model}\" VERSION PRODUCTION UNSET ALIAS", $"ALTER MODEL \"{Model}\" VERSION \"V2\" SET ALIAS = PRODUCTION"],
            (await moved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("statements").EnumerateArray().Select(s => s.GetString()));

        var versions = await admin.GetFromJsonAsync<JsonElement>($"/api/snowflake/models/{Model}/versions", Ct);
        Assert.Equal([("V1", (string?)null), ("V2", "PRODUCTION")],
            versions.EnumerateArray().Select(v => (v.GetProperty("name").GetString()!, v.GetProperty("userAlias").GetString())));
        Assert.Equal(0.71, versions[0].GetProperty("metrics").GetProperty("f1_score").GetDouble());

        // Roll back, as the lab's last step does.
        (await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/PRODUCTION", new { version = "V1" }, Ct)).EnsureSuccessStatusCode();
        Assert.Contains("PRODUCTION", Account.Versions[0].Aliases);
        Assert.DoesNotContain("PRODUCTION", Account.Versions[1].Aliases);
    }

    [Fact]
    public async Task Metrics_are_merged_into_the_versions_metadata_where_Python_clients_read_them()
    {
        var admin = await portal.AdminClientAsync();
        var response = await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/versions/V1/metrics",
            new { metrics = new Dictionary<string, double> { ["roc_auc"] = 0.91 } }, Ct);
        response.EnsureSuccessStatusCode();

        var versions = await admin.GetFromJsonAsync<JsonElement>($"/api/snowflake/models/{Model}/versions", Ct);
        var metrics = versions[0].GetProperty("metrics");
        Assert.Equal((0.71, 0.91), (metrics.GetProperty("f1_score").GetDouble(), metrics.GetProperty("roc_auc").GetDouble()));
    }

    [Fact]
    public async Task Bad_requests_are_named_and_send_nothing_that_changes_Snowflake()
    {
        var admin = await portal.AdminClientAsync();
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var before = Account.Statements.Count;

        var unknownVersion = await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/PRODUCTION", new { version = "V9" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Contains("no version V9", await unknownVersion.Content.ReadAsStringAsync(Ct));

        var systemAlias = await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/DEFAULT", new { version = "V2" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, systemAlias.StatusCode);

        var forbidden = await viewer.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/PRODUCTION", new { version = "V2" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/snowflake/models", Ct)).StatusCode);

        var noInputs = await admin.PostAsJsonAsync("/api/snowflake/scoring", new { model = Model, versionOrAlias = "PRODUCTION", source = "S", output = "O" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noInputs.StatusCode);
        Assert.Contains("inputColumns", (await noInputs.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Detail);

        Assert.DoesNotContain(Account.Statements.Skip(before), s => !s.StartsWith("SHOW", StringComparison.Ordinal));

        // Snowflake's own refusal reaches the caller as Snowflake worded it.
        var unknownModel = await admin.GetAsync("/api/snowflake/models/NO_SUCH_MODEL/versions", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownModel.StatusCode);
        Assert.Contains("Model 'NO_SUCH_MODEL' does not exist or not authorized", await unknownModel.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Monitor_metrics_feed_the_dashboard_shape_and_the_monitor_suspends_and_resumes()
    {
        var admin = await portal.AdminClientAsync();
        var monitors = await admin.GetFromJsonAsync<JsonElement>("/api/snowflake/monitors", Ct);
        Assert.Contains(monitors.EnumerateArray(), m => m.GetProperty("name").GetString() == FakeSnowflakeAccount.Monitor);

        var points = await admin.GetFromJsonAsync<JsonElement>(
            $"/api/snowflake/monitors/{FakeSnowflakeAccount.Monitor}/metrics?metric=f1_score&granularityDays=7&start=2025-01-01&end=2025-03-31", Ct);
        Assert.Equal(Account.F1.Select(p => (p.Week, p.Value, p.Count)),
            points.EnumerateArray().Select(p => (p.GetProperty("eventTimestamp").GetDateTime(), p.GetProperty("value").GetDouble(), p.GetProperty("countUsed").GetInt64())));
        Assert.Contains("MODEL_MONITOR_PERFORMANCE_METRIC('MORTGAGE_MODEL_MONITOR', 'F1_SCORE', '7 DAY'", Account.Statements.Last());

        var notNative = await admin.GetAsync($"/api/snowflake/monitors/{FakeSnowflakeAccount.Monitor}/metrics?metric=HELLINGER&column=X&start=2025-01-01&end=2025-03-31", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notNative.StatusCode);
        Assert.Contains("do not compute HELLINGER", await notNative.Content.ReadAsStringAsync(Ct));

        (await admin.PostAsync($"/api/snowflake/monitors/{FakeSnowflakeAccount.Monitor}/suspend", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("SUSPENDED", Account.Monitors[FakeSnowflakeAccount.Monitor]);
        (await admin.PostAsync($"/api/snowflake/monitors/{FakeSnowflakeAccount.Monitor}/resume", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("ACTIVE", Account.Monitors[FakeSnowflakeAccount.Monitor]);
    }

    [Fact]
    public async Task A_monitor_is_created_from_the_same_request_as_an_embedded_one()
    {
        var admin = await portal.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/snowflake/monitors", new
        {
            name = "MORTGAGE_MODEL_MONITOR_V2", model = Model, version = "V2", function = "predict_proba",
            source = "MORTGAGE_PREDICTIONS_PROD", baseline = "MORTGAGE_BASELINE", timestampColumn = "TIMESTAMP",
            idColumns = new[] { "LOAN_ID" }, predictionScoreColumns = new[] { "PROBABILITY_SCORE" }, predictionClassColumns = new[] { "PREDICTION_LABEL" },
            actualClassColumns = new[] { "MORTGAGERESPONSE" }, aggregationWindowDays = 7, refreshInterval = "1 day", warehouse = "ML_WH",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var create = Account.Statements.Last();
        Assert.StartsWith("CREATE MODEL MONITOR \"MORTGAGE_MODEL_MONITOR_V2\" WITH", create);
        Assert.Contains("MODEL=\"" + Model + "\" VERSION='V2' FUNCTION='predict_proba'", create);
        Assert.Equal("ACTIVE", Account.Monitors["MORTGAGE_MODEL_MONITOR_V2"]);

        var viewer = await portal.ClientWithRoleAsync("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync("/api/snowflake/monitors/MORTGAGE_MODEL_MONITOR_V2", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/snowflake/monitors/MORTGAGE_MODEL_MONITOR_V2", Ct)).StatusCode);
        Assert.Equal("DROP MODEL MONITOR IF EXISTS \"MORTGAGE_MODEL_MONITOR_V2\"", Account.Statements.Last());
        Assert.False(Account.Monitors.ContainsKey("MORTGAGE_MODEL_MONITOR_V2"));
    }

    [Fact]
    public async Task Alerts_are_created_resumed_suspended_and_executed_in_Snowflake()
    {
        var admin = await portal.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/snowflake/alerts", new
        {
            emailIntegration = "MY_EMAIL_INT", warehouse = "ML_WH", granularityDays = 7,
            alert = new
            {
                name = "F1_DROP_V2", monitor = FakeSnowflakeAccount.Monitor, metric = "F1_SCORE", comparator = "<", threshold = 0.7,
                lastDays = 7, schedule = "0 9 * * *", timeZone = "UTC", recipients = new[] { "manager@example.com" },
            },
        }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var statements = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("statements").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.StartsWith("CREATE OR REPLACE ALERT \"F1_DROP_V2\"", statements[0]);
        Assert.Contains("CALL SYSTEM$SEND_EMAIL('MY_EMAIL_INT', 'manager@example.com'", statements[0]);
        Assert.Equal("ALTER ALERT \"F1_DROP_V2\" RESUME", statements[1]);
        Assert.Equal("started", Account.Alerts["F1_DROP_V2"]);

        (await admin.PostAsync("/api/snowflake/alerts/F1_DROP_V2/suspend", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("suspended", Account.Alerts["F1_DROP_V2"]);
        var executions = Account.AlertExecutions;
        (await admin.PostAsync("/api/snowflake/alerts/F1_DROP_V2/execute", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(executions + 1, Account.AlertExecutions);
        Assert.Equal("EXECUTE ALERT \"F1_DROP_V2\"", Account.Statements.Last());

        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/snowflake/alerts", Ct);
        Assert.Equal("suspended", listed.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "F1_DROP_V2").GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/snowflake/alerts/F1_DROP_V2", Ct)).StatusCode);
        Assert.Equal("DROP ALERT IF EXISTS \"F1_DROP_V2\"", Account.Statements.Last());
        Assert.False(Account.Alerts.ContainsKey("F1_DROP_V2"));

        var noIntegration = await admin.PostAsJsonAsync("/api/snowflake/alerts", new { alert = new { name = "X", monitor = "M", metric = "F1_SCORE", threshold = 0.7, lastDays = 7 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noIntegration.StatusCode);
        Assert.Contains("notification integration", await noIntegration.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_table_is_scored_inside_Snowflake_through_PREDICT_PROBA_by_alias()
    {
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        var response = await scientist.PostAsJsonAsync("/api/snowflake/scoring", new
        {
            model = Model, versionOrAlias = "PRODUCTION", source = "MORTGAGE_FEATURE_VIEW$V1", output = "MORTGAGE_PREDICTIONS_PROD",
            inputColumns = new[] { "LOAN_AMOUNT_000S", "APPLICANT_INCOME_000S" }, keptColumns = new[] { "LOAN_ID", "WEEK_START_DATE" },
            scoreColumn = "PROBABILITY_SCORE", classColumn = "PREDICTION_LABEL",
        }, Ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal(Account.RowsToScore, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").GetInt64());
        var insert = Account.Statements.Last();
        Assert.StartsWith("INSERT INTO \"MORTGAGE_PREDICTIONS_PROD\" (\"LOAN_ID\", \"WEEK_START_DATE\", \"PROBABILITY_SCORE\", \"PREDICTION_LABEL\")", insert);
        Assert.Contains($"MODEL({Model}, PRODUCTION)!PREDICT_PROBA(\"LOAN_AMOUNT_000S\", \"APPLICANT_INCOME_000S\")", insert);
    }
}

/// <summary>Without a Snowflake connection the native API says so and what to configure.</summary>
public sealed class SnowflakeNativeUnavailableTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_native_API_names_the_setting_that_enables_it()
    {
        var admin = await portal.AdminClientAsync();
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/snowflake/status", TestContext.Current.CancellationToken);
        Assert.False(status.GetProperty("available").GetBoolean());

        var models = await admin.GetAsync("/api/snowflake/models", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, models.StatusCode);
        Assert.Contains("Snowflake:NativeConnection", await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
