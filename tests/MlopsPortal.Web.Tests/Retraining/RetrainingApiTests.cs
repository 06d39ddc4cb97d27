using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Retraining;

/// <summary>Training runs through the REST API only, on the lab's NewTrainingData.csv (income has missing values).</summary>
public sealed class RetrainingApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_trains_registers_an_unpromoted_version_and_reports_its_evaluation()
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(client, "NEWTRAININGDATA", "NewTrainingData.csv");
        var response = await client.PostAsJsonAsync("/api/retraining/runs", new
        {
            model = "RETRAIN_API_MODEL", trainingTable = "NEWTRAININGDATA", features = new[] { "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S" },
            label = "MORTGAGERESPONSE", testRatio = 0.2, seed = 42, stratified = true, nTrees = 20, maxDepth = 4, learningRate = 0.3,
            version = "V1", lineage = new { featureView = "LOAN_FEATURES_OHE", featureViewVersion = "1" },
        }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var run = await WaitAsync(client, id);
        Assert.True(run.GetProperty("status").GetString() == "Succeeded", run.ToString());
        var result = run.GetProperty("result");
        Assert.Equal(1060, result.GetProperty("testRows").GetInt64());
        Assert.Contains("LightGBM", result.GetProperty("trainer").GetString());
        var evaluation = result.GetProperty("new");
        Assert.InRange(evaluation.GetProperty("rocAuc").GetDouble(), 0.4, 1.0);
        Assert.Equal(1060, evaluation.GetProperty("confusionMatrix").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetInt64()));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("production").ValueKind); // a new model has no PRODUCTION yet

        var version = await client.GetFromJsonAsync<JsonElement>("/api/models/RETRAIN_API_MODEL/versions/V1", Ct);
        Assert.Contains("f1_score", version.ToString());
        Assert.DoesNotContain("PRODUCTION", version.GetProperty("aliases").ToString());

        // the pages render this run from the real services (server prerendering, signed in with the browser cookie)
        var browser = await SignedInBrowserAsync();
        var list = await browser.GetStringAsync("/retraining", Ct);
        Assert.Contains("New training run", list);
        Assert.Contains($"/retraining/runs/{id}", list);
        var detail = await browser.GetStringAsync($"/retraining/runs/{id}", Ct);
        Assert.Contains("metrics-side-by-side", detail);
        Assert.Contains("confusion-V1", detail);
        Assert.Contains("no PRODUCTION version", detail);
    }

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var login = await browser.GetStringAsync("/account/login", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = PortalFactory.AdminUser, ["password"] = PortalFactory.AdminPassword, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        });
        var signedIn = await browser.PostAsync("/account/login", form, Ct);
        Assert.True(signedIn.IsSuccessStatusCode, $"sign-in answered {signedIn.StatusCode}");
        return browser;
    }

    [Fact]
    public async Task A_viewer_cannot_train_and_bad_specs_are_refused_naming_the_problem()
    {
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(scientist, "NEWTRAININGDATA", "NewTrainingData.csv");
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var spec = new { model = "RETRAIN_CHECKS", trainingTable = "NEWTRAININGDATA", features = new[] { "LOAN_AMOUNT_000S" }, label = "MORTGAGERESPONSE", version = "V1" };

        var asViewer = await viewer.PostAsJsonAsync("/api/retraining/runs", spec, Ct);
        var textFeature = await scientist.PostAsJsonAsync("/api/retraining/runs", spec with { features = new[] { "COUNTY_NAME" } }, Ct);
        var noLabel = await scientist.PostAsJsonAsync("/api/retraining/runs", spec with { label = "NO_LABEL" }, Ct);
        var badDepth = await scientist.PostAsJsonAsync("/api/retraining/runs",
            new { spec.model, spec.trainingTable, spec.features, spec.label, spec.version, maxDepth = 0 }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, textFeature.StatusCode);
        Assert.Contains("COUNTY_NAME", await textFeature.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, noLabel.StatusCode);
        Assert.Contains("NO_LABEL", await noLabel.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, badDepth.StatusCode);
        Assert.Contains("maxDepth", await badDepth.Content.ReadAsStringAsync(Ct));
        var runs = await scientist.GetFromJsonAsync<JsonElement>("/api/retraining/runs", Ct);
        Assert.DoesNotContain(runs.EnumerateArray(), r => r.GetProperty("spec").GetProperty("model").GetString() == "RETRAIN_CHECKS");
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.GetAsync($"/api/retraining/runs/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    private static async Task<JsonElement> WaitAsync(HttpClient client, Guid id)
    {
        for (var i = 0; i < 1500; i++)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/retraining/runs/{id}", Ct);
            if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled") return run;
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"training run {id} did not finish in 5 minutes");
    }
}
