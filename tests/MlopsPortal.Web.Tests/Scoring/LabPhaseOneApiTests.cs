using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Scoring;

/// <summary>docs/lab-workflow.md phase 1 through the REST API only, on the lab's own data, ending with SEAI50 and SEAI51 holding.</summary>
public sealed class LabPhaseOneApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_the_sagemaker_model_score_week_1_then_append_weeks_2_to_5_and_the_checks_hold()
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(client, "INFERENCEMORTGAGEDATA", "Mortgage_Data.csv");
        await LabApi.ImportSageMakerAsync(client, Model, comment: "SageMaker XGBoost 1.7 model of the lab");

        var week1 = await StartAsync(client, new { model = Model, version = "V1", source = "INFERENCEMORTGAGEDATA", output = "PREDICTIONS_WITH_GROUND_TRUTH",
            mode = "overwrite", filter = new[] { new { column = "WEEK", op = "=", value = "1" } } });
        Assert.Equal("Succeeded", (await WaitAsync(client, week1)).GetProperty("status").GetString());
        for (var week = 2; week <= 5; week++)
        {
            var id = await StartAsync(client, new { model = Model, alias = "LAST", source = "INFERENCEMORTGAGEDATA", output = "PREDICTIONS_WITH_GROUND_TRUTH",
                mode = "append", execution = week % 2 == 0 ? "streamed" : "warehouse", filter = new[] { new { column = "WEEK", op = "=", value = $"{week}" } } });
            var run = await WaitAsync(client, id);
            Assert.Equal("Succeeded", run.GetProperty("status").GetString());
            Assert.Equal("V1", run.GetProperty("versionUsed").GetString());
            Assert.Equal(200, run.GetProperty("rows").GetInt64());
        }

        var table = await client.GetFromJsonAsync<JsonElement>("/api/tables/PREDICTIONS_WITH_GROUND_TRUTH", Ct);
        Assert.Equal(1_000, table.GetProperty("rows").GetInt64());
        var checks = await client.GetFromJsonAsync<JsonElement>("/api/lab/checks", Ct);
        Assert.True(Check(checks, "SEAI50").GetProperty("holds").GetBoolean());
        Assert.True(Check(checks, "SEAI51").GetProperty("holds").GetBoolean());
    }

    [Fact]
    public async Task A_viewer_cannot_start_a_run_and_bad_specs_are_refused_naming_the_problem()
    {
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(scientist, "INFERENCEMORTGAGEDATA", "Mortgage_Data.csv");
        await LabApi.ImportSageMakerAsync(scientist, "SCORING_CHECKS_MODEL");
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var spec = new { model = "SCORING_CHECKS_MODEL", version = "V1", source = "INFERENCEMORTGAGEDATA", output = "VIEWER_OUT" };

        var asViewer = await viewer.PostAsJsonAsync("/api/scoring/runs", spec, Ct);
        var unknownTable = await scientist.PostAsJsonAsync("/api/scoring/runs", spec with { source = "NO_SUCH_TABLE" }, Ct);
        var unknownAlias = await scientist.PostAsJsonAsync("/api/scoring/runs",
            new { model = "SCORING_CHECKS_MODEL", alias = "PRODUCTION", source = "INFERENCEMORTGAGEDATA", output = "X_OUT" }, Ct);
        var badColumn = await scientist.PostAsJsonAsync("/api/scoring/runs",
            new { model = "SCORING_CHECKS_MODEL", version = "V1", source = "INFERENCEMORTGAGEDATA", output = "X_OUT", filter = new[] { new { column = "NOPE", op = "=", value = "1" } } }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTable.StatusCode);
        Assert.Contains("NO_SUCH_TABLE", await unknownTable.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, unknownAlias.StatusCode);
        Assert.Contains("PRODUCTION", await unknownAlias.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, badColumn.StatusCode);
        Assert.Contains("NOPE", await badColumn.Content.ReadAsStringAsync(Ct));
        var tables = await scientist.GetStringAsync("/api/tables", Ct);
        Assert.DoesNotContain("VIEWER_OUT", tables);
        Assert.DoesNotContain("X_OUT", tables);
    }

    [Fact]
    public async Task Metrics_computed_on_the_labelled_table_are_stored_on_the_version()
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(client, "INFERENCEMORTGAGEDATA", "Mortgage_Data.csv");
        await LabApi.ImportSageMakerAsync(client, "EVALUATED_MODEL");

        var missing = await client.PostAsJsonAsync("/api/models/EVALUATED_MODEL/versions/V1/evaluate", new { table = "INFERENCEMORTGAGEDATA", label = "NOPE" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("NOPE", await missing.Content.ReadAsStringAsync(Ct));
        var response = await client.PostAsJsonAsync("/api/models/EVALUATED_MODEL/versions/V1/evaluate", new
        {
            table = "INFERENCEMORTGAGEDATA", label = "MORTGAGERESPONSE", filter = new[] { new { column = "WEEK", op = "<=", value = "5" } },
        }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));

        var version = await client.GetFromJsonAsync<JsonElement>("/api/models/EVALUATED_MODEL/versions/V1", Ct);
        var metrics = version.GetProperty("metrics");
        Assert.Equal(1000, metrics.GetProperty("evaluated_on").GetProperty("rows").GetInt64());
        var matrix = metrics.GetProperty("confusion_matrix");
        Assert.Equal(1000, matrix.EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt64()));
        Assert.InRange(metrics.GetProperty("f1_score").GetDouble(), 0.5, 1.0);
    }

    private static async Task<Guid> StartAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/scoring/runs", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> WaitAsync(HttpClient client, Guid id)
    {
        for (var i = 0; i < 1500; i++)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/scoring/runs/{id}", Ct);
            if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled") return run;
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"scoring run {id} did not finish in 5 minutes");
    }

    private static JsonElement Check(JsonElement checks, string id) =>
        checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
}
