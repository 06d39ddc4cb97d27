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
}
