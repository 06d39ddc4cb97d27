extern alias cli;

using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Scoring;

/// <summary>A first start on an empty data directory tells the lab's phase 1 story by itself.</summary>
public sealed class DemoStoryTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_start_registers_v1_from_sagemaker_and_scores_weeks_1_to_5()
    {
        var client = await portal.AdminClientAsync();

        var models = await client.GetFromJsonAsync<JsonElement>("/api/models", Ct);
        var model = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL");
        Assert.Equal("SageMaker", model.GetProperty("tags").GetProperty("SOURCE").GetString());
        Assert.Equal("V1", model.GetProperty("aliases").GetProperty("PRODUCTION").GetString());

        JsonElement checks = default;
        for (var i = 0; i < 300; i++)
        {
            checks = await client.GetFromJsonAsync<JsonElement>("/api/lab/checks", Ct);
            if (checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "SEAI51").GetProperty("holds").GetBoolean()) break;
            await Task.Delay(200, Ct);
        }
        Assert.True(checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "SEAI50").GetProperty("holds").GetBoolean());
        Assert.True(checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "SEAI51").GetProperty("holds").GetBoolean());
        var tables = await client.GetFromJsonAsync<JsonElement>("/api/tables", Ct);
        Assert.Contains(tables.EnumerateArray(), t => t.GetProperty("name").GetString() == "NEWTRAININGDATA");
    }

    [Fact]
    public async Task Once_scored_the_demo_watches_its_model_with_a_monitor_and_a_suspended_alert_and_leaves_the_labs_names_free()
    {
        var client = await portal.AdminClientAsync();
        JsonElement metrics = default;
        for (var i = 0; i < 600 && metrics.ValueKind != JsonValueKind.Array; i++)
        {
            var response = await client.GetAsync("/api/monitors/DEMO_V1_MONITOR/metrics?metric=F1_SCORE", Ct);
            var points = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : default;
            if (points.ValueKind == JsonValueKind.Array && points.GetArrayLength() > 0) metrics = points;
            else await Task.Delay(200, Ct);
        }
        Assert.True(metrics.ValueKind == JsonValueKind.Array, "the demo monitor has no F1 after two minutes");
        Assert.All(metrics.EnumerateArray(), p => Assert.InRange(p.GetProperty("value").GetDouble(), 0, 1));

        var monitor = await client.GetFromJsonAsync<JsonElement>("/api/monitors/DEMO_V1_MONITOR", Ct);
        Assert.Contains("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", monitor.ToString());
        var alert = await client.GetFromJsonAsync<JsonElement>("/api/alerts/DEMO_F1_WATCH", Ct);
        Assert.Equal("Suspended", alert.GetProperty("state").GetString());

        // The lab's own monitor and alert are the user's to build: the lab check still says none exists.
        var checks = await client.GetFromJsonAsync<JsonElement>("/api/lab/checks", Ct);
        Assert.False(checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "SEAI52").GetProperty("holds").GetBoolean());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/alerts/F1_SCORE_DROP_ALERT", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_cli_scores_week_5_through_the_rest_api_and_lists_the_model()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] login = ["--user", PortalFactory.AdminUser, "--password", PortalFactory.AdminPassword];

        var scored = await cli::MlopsPortal.Cli.CliApp.RunAsync(
            ["score", "--model", "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "--alias", "LAST", "--source", "INFERENCEMORTGAGEDATA",
             "--output", "CLI_WEEK5", "--where", "WEEK=5", "--wait", .. login], stdout, stderr, _ => portal.CreateClient(), Ct);
        var listed = await cli::MlopsPortal.Cli.CliApp.RunAsync(["models", "list", .. login], stdout, stderr, _ => portal.CreateClient(), Ct);
        var refused = await cli::MlopsPortal.Cli.CliApp.RunAsync(
            ["score", "--model", "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "--version", "V9", "--source", "INFERENCEMORTGAGEDATA", "--output", "X", .. login],
            stdout, stderr, _ => portal.CreateClient(), Ct);

        Assert.True(scored == 0, $"{stdout}\n{stderr}");
        Assert.Contains("succeeded: 200 rows with V1", stdout.ToString());
        Assert.Equal(0, listed);
        Assert.Contains("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", stdout.ToString());
        Assert.Equal(1, refused);
        Assert.Contains("V9", stderr.ToString());
    }
}
