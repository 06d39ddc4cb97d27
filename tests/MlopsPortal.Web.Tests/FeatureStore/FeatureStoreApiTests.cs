using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.FeatureStore;

/// <summary>docs/lab-workflow.md phase 3 steps 1–3 through the REST API only: recipe from the lab template, feature view, training set.</summary>
public sealed class FeatureStoreApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lab_template_feature_view_and_training_set_through_the_api()
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");
        await using (var csv = File.OpenRead(LabApi.LabData("NewTrainingData.csv")))
        {
            var imported = await client.PostAsync("/api/tables/NEWTRAININGDATA/csv?mode=create",
                new StreamContent(csv) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, Ct);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var template = (await client.GetFromJsonAsync<JsonElement>("/api/feature-store/recipes/templates", Ct))[0];
        var name = template.GetProperty("name").GetString();
        var preview = await client.PostAsJsonAsync("/api/feature-store/recipes/preview?step=Clean&rows=3", template, Ct);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(3, (await preview.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/feature-store/recipes/{name}", template, Ct)).StatusCode);
        var run = await client.PostAsync($"/api/feature-store/recipes/{name}/run", null, Ct);
        Assert.Equal(5300, (await run.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").GetInt64());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/feature-store/entities", new { name = "LOAN_ENTITY", joinKeys = new[] { "LOAN_ID" } }, Ct)).StatusCode);
        var view = await client.PostAsJsonAsync("/api/feature-store/views", new
        {
            name = "LOAN_FEATURES_OHE", version = 1, entities = new[] { "LOAN_ENTITY" }, timestampColumn = "WEEK_START_DATE", recipe = name,
            features = new[] { "*_OHE_*", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "WEEK" }, schedule = "daily",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, view.StatusCode);
        var refreshed = await client.PostAsync("/api/feature-store/views/LOAN_FEATURES_OHE/1/refresh?wait=true", null, Ct);
        Assert.Equal(5300, (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").GetInt64());

        // (LOAN_ID, WEEK_START_DATE) is not unique in the lab's data: refused by default (naming the count and an example), written on "Warn".
        var spec = new
        {
            spineTable = "NEWTRAININGDATA", spineTimestampColumn = "WEEK_START_DATE", labelColumns = new[] { "MORTGAGERESPONSE" },
            view = "LOAN_FEATURES_OHE", version = 1, features = Array.Empty<string>(), outputTable = "LAB_TRAINING_SET",
        };
        var refused = await client.PostAsJsonAsync("/api/feature-store/training-sets", spec, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches(@"\d+ duplicated keys \(e\.g\. LOAN_ID=\d+, WEEK_START_DATE=[-\d]+ \([\d,]+ rows\)\)", await refused.Content.ReadAsStringAsync(Ct));
        var set = await client.PostAsJsonAsync("/api/feature-store/training-sets", new
        {
            spec.spineTable, spec.spineTimestampColumn, spec.labelColumns, spec.view, spec.version, spec.features, spec.outputTable, onDuplicateKeys = "Warn",
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var result = await set.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(5300, result.GetProperty("rows").GetInt64());
        Assert.Equal(0, result.GetProperty("unmatched").GetInt64());
        Assert.True(result.GetProperty("ambiguous").GetInt64() > 0, result.ToString());
        Assert.Equal(5300, result.GetProperty("matched").GetInt64() + result.GetProperty("ambiguous").GetInt64());
        Assert.True(result.GetProperty("duplicateKeys").GetInt64() > 0, result.ToString());
        Assert.StartsWith("LOAN_ID=", result.GetProperty("exampleKey").GetString());
        Assert.Contains("ambiguous", result.GetProperty("warning").GetString());

        var detail = await client.GetFromJsonAsync<JsonElement>("/api/feature-store/views/LOAN_FEATURES_OHE/1", Ct);
        Assert.Equal("NEWTRAININGDATA", detail.GetProperty("lineage").GetProperty("recipeSourceTable").GetString());
        Assert.Equal("LOAN_FEATURES_OHE$1", detail.GetProperty("table").GetProperty("name").GetString());

        // "Refresh now" as a tracked Hangfire job.
        var started = await client.PostAsync("/api/feature-store/views/LOAN_FEATURES_OHE/1/refresh", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runId").GetGuid();
        var job = await WaitForJobAsync(client, runId);
        Assert.Equal("Succeeded", job.GetProperty("status").GetString());
        Assert.Contains("LOAN_FEATURES_OHE$1: 5,300 rows", job.GetProperty("message").GetString());

        var viewer = await portal.ClientWithRoleAsync("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/feature-store/views", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/feature-store/views/LOAN_FEATURES_OHE/1/refresh?wait=true", null, Ct)).StatusCode);
        var bad = await client.PostAsJsonAsync("/api/feature-store/recipes/preview?step=Clean", new { name = "R", sourceTable = "NO_SUCH", outputTable = "O" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("NO_SUCH", await bad.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, Guid id)
    {
        for (var i = 0; i < 240; i++)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}", Ct);
            if (job.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled")
                return job;
            await Task.Delay(500, Ct);
        }
        throw new TimeoutException($"Job {id} did not finish in 2 minutes.");
    }
}
