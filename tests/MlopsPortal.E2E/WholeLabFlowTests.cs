using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using netDumbster.smtp;

namespace MlopsPortal.E2E;

/// <summary>
/// docs/lab-workflow.md end to end on the lab's own data, through the portal's REST API (the interface the CLI and scripts use),
/// ending in the browser on the Lab page with all five completion checks holding.
/// </summary>
public sealed class WholeLabFlowTests() : PortalBrowserTest(seedDemo: false)
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Phases_1_to_3_through_the_portal_end_with_every_lab_check_holding()
    {
        var mortgage = Browser.LabData("Mortgage_Data.csv");
        var newTraining = Browser.LabData("NewTrainingData.csv");
        using var smtp = SimpleSmtpServer.Start(FreePort());
        var api = await ClientAsync();

        // Phase 1: the SageMaker model, registered and scored week by week.
        await UploadAsync(api, "INFERENCEMORTGAGEDATA", mortgage);
        await ImportV1Async(api);
        for (var week = 1; week <= 5; week++)
            await ScoreAsync(api, new { model = Model, version = "V1", source = "INFERENCEMORTGAGEDATA", output = "PREDICTIONS_WITH_GROUND_TRUTH",
                mode = week == 1 ? "overwrite" : "append", filter = new[] { new { column = "WEEK", op = "=", value = $"{week}" } } });
        await ScoreAsync(api, new { model = Model, version = "V1", source = "INFERENCEMORTGAGEDATA", output = "ALL_PREDICTIONS_WITH_GROUND_TRUTH" });

        // Phase 2: baseline, monitor (recreated on the full table), refresh, and the F1 alert emailed over real SMTP.
        await OkAsync(api.PostAsJsonAsync("/api/monitors/baselines", new
        {
            source = "PREDICTIONS_WITH_GROUND_TRUTH", output = "BASELINE_PREDICTIONS", filter = new object[] { new { column = "WEEK", op = "between", value = 1, value2 = 5 } },
        }, Ct));
        await OkAsync(api.PostAsJsonAsync("/api/monitors", Monitor("PREDICTIONS_WITH_GROUND_TRUTH"), Ct));
        await OkAsync(api.PostAsJsonAsync("/api/monitors?replace=true", Monitor("ALL_PREDICTIONS_WITH_GROUND_TRUTH"), Ct));
        var refresh = await OkAsync(api.PostAsync("/api/monitors/MORTGAGE_MODEL_MONITOR/refresh?full=true", null, Ct));
        await WaitJobAsync(api, refresh.GetProperty("runId").GetGuid());
        await OkAsync(api.PutAsJsonAsync("/api/admin/smtp", new { host = "127.0.0.1", port = smtp.Configuration.Port, from = "portal@example.com", useSsl = false }, Ct));
        await OkAsync(api.PostAsJsonAsync("/api/alerts", new
        {
            name = "F1_SCORE_DROP_ALERT", monitor = "MORTGAGE_MODEL_MONITOR", metric = "F1_SCORE", comparator = "<", threshold = 0.7,
            start = "2025-02-09", end = "2025-02-16", schedule = "0 9 * * *", timeZone = "UTC", recipients = new[] { "manager@example.com" },
        }, Ct));
        var executed = await OkAsync(api.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/execute", null, Ct));
        // On the lab's data the alert fires exactly when a weekly F1 in the range is below 0.7, and then an email arrives.
        var f1 = await api.GetFromJsonAsync<JsonElement>("/api/monitors/MORTGAGE_MODEL_MONITOR/metrics?metric=F1_SCORE&start=2025-02-09&end=2025-02-16", Ct);
        var breaching = f1.EnumerateArray().Any(p => p.GetProperty("value").ValueKind == JsonValueKind.Number && p.GetProperty("value").GetDouble() < 0.7);
        Assert.NotEqual(0, f1.GetArrayLength());
        Assert.Equal(breaching, executed.GetProperty("fired").GetBoolean());
        Assert.Equal(breaching ? 1 : 0, smtp.ReceivedEmailCount);

        // Phase 3: clean + one-hot (the lab's recipe), feature store, point-in-time training set, V2 trained and registered.
        await UploadAsync(api, "NEWTRAININGDATA", newTraining);
        var template = (await api.GetFromJsonAsync<JsonElement>("/api/feature-store/recipes/templates", Ct))[0];
        var recipe = template.GetProperty("name").GetString();
        await OkAsync(api.PutAsJsonAsync($"/api/feature-store/recipes/{recipe}", template, Ct));
        await OkAsync(api.PostAsync($"/api/feature-store/recipes/{recipe}/run", null, Ct));
        await OkAsync(api.PostAsJsonAsync("/api/feature-store/entities", new { name = "LOAN_ENTITY", joinKeys = new[] { "LOAN_ID" } }, Ct));
        await OkAsync(api.PostAsJsonAsync("/api/feature-store/views", new
        {
            name = "LOAN_FEATURES_OHE", version = 1, entities = new[] { "LOAN_ENTITY" }, timestampColumn = "WEEK_START_DATE", recipe,
            features = new[] { "*_OHE_*", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "WEEK" }, schedule = "daily",
        }, Ct));
        var refreshed = await OkAsync(api.PostAsync("/api/feature-store/views/LOAN_FEATURES_OHE/1/refresh?wait=true", null, Ct));
        Assert.Equal(5300, refreshed.GetProperty("rows").GetInt64());
        var set = await OkAsync(api.PostAsJsonAsync("/api/feature-store/training-sets", new
        {
            spineTable = "NEWTRAININGDATA", spineTimestampColumn = "WEEK_START_DATE", labelColumns = new[] { "MORTGAGERESPONSE" },
            view = "LOAN_FEATURES_OHE", version = 1, features = Array.Empty<string>(), outputTable = "LAB_TRAINING_SET",
            onDuplicateKeys = "Warn", // the lab joins on (LOAN_ID, WEEK_START_DATE), which repeats: written, with the ambiguity counted
        }, Ct));
        Assert.Equal(5300, set.GetProperty("rows").GetInt64());
        Assert.Equal(5300, set.GetProperty("matched").GetInt64() + set.GetProperty("ambiguous").GetInt64());
        Assert.True(set.GetProperty("ambiguous").GetInt64() > 0, set.ToString());
        var training = await OkAsync(api.PostAsJsonAsync("/api/retraining/runs", new
        {
            model = Model, trainingTable = "LAB_TRAINING_SET", label = "MORTGAGERESPONSE", version = "V2",
            features = new[] { "LOAN_PURPOSE_NAME_OHE_*", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S" },
            testRatio = 0.2, seed = 42, stratified = true, nTrees = 100, maxDepth = 6, learningRate = 0.3,
            lineage = new { featureView = "LOAN_FEATURES_OHE", featureViewVersion = "1" },
        }, Ct));
        var run = await WaitRetrainingAsync(api, training.GetProperty("id").GetGuid());
        Assert.True(run.GetProperty("status").GetString() == "Succeeded", run.ToString());
        // Lineage both ways: V2 carries the recipe and the view; the view lists V2 among the versions trained on it.
        var v2 = await api.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/V2", Ct);
        var lineage = v2.GetProperty("metrics").GetProperty("lineage");
        Assert.Equal("LOAN_FEATURES_OHE", lineage.GetProperty("feature_view").GetString());
        Assert.Equal("NEWTRAININGDATA", lineage.GetProperty("recipe").GetProperty("sourceTable").GetString());
        var viewDetail = await api.GetFromJsonAsync<JsonElement>("/api/feature-store/views/LOAN_FEATURES_OHE/1", Ct);
        Assert.Contains(viewDetail.GetProperty("lineage").GetProperty("trainedVersions").EnumerateArray(),
            u => u.GetProperty("model").GetString() == Model && u.GetProperty("version").GetString() == "V2");

        // Promotion (Admin): V1 decommissioned, V2 in production; then version-agnostic scoring of the feature view.
        // V1 is the production model the lab migrated (as the demo registers it); marking it DECOMMISSIONED frees PRODUCTION.
        await OkAsync(api.PutAsJsonAsync($"/api/models/{Model}/aliases/PRODUCTION", new { version = "V1", reason = "migrated from SageMaker" }, Ct));
        await OkAsync(api.PutAsJsonAsync($"/api/models/{Model}/aliases/DECOMMISSIONED", new { version = "V1", reason = "replaced by V2" }, Ct));
        // V2 reads other columns than V1 (issue 14): the move is refused with the differences until confirmed.
        var unconfirmed = await api.PutAsJsonAsync($"/api/models/{Model}/aliases/PRODUCTION", new { version = "V2", reason = "better on recent data" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        var differences = await unconfirmed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("COUNTY_NAME (category)", differences.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        await OkAsync(api.PutAsJsonAsync($"/api/models/{Model}/aliases/PRODUCTION?confirm=true", new { version = "V2", reason = "better on recent data" }, Ct));
        var prod = await ScoreAsync(api, new
        {
            model = Model, alias = "PRODUCTION", source = "LOAN_FEATURES_OHE$1", output = "MORTGAGE_PREDICTIONS_PROD",
            scoreColumn = "PROBABILITY_SCORE", classColumn = "PREDICTION_LABEL",
        });
        Assert.Equal("V2", prod.GetProperty("versionUsed").GetString());
        Assert.Equal(5300, prod.GetProperty("rows").GetInt64());
        var output = await api.GetFromJsonAsync<JsonElement>("/api/tables/MORTGAGE_PREDICTIONS_PROD", Ct);
        var columns = output.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("PROBABILITY_SCORE", columns);
        Assert.Contains("PREDICTION_LABEL", columns);
        // V2 carries the recipe it was trained through: it scores the raw table V1 scored, the recipe applied inside the run.
        var raw = await ScoreAsync(api, new { model = Model, alias = "PRODUCTION", source = "INFERENCEMORTGAGEDATA", output = "V2_ON_INFERENCE" });
        Assert.Equal(4800, raw.GetProperty("rows").GetInt64());

        var checks = await api.GetFromJsonAsync<JsonElement>("/api/lab/checks", Ct);
        Assert.All(checks.EnumerateArray(), c => Assert.True(c.GetProperty("holds").GetBoolean(), c.ToString()));
        Assert.Equal(5, checks.GetArrayLength());

        var page = await Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await Browser.SignInAsync(page, Portal.BaseUrl, PortalServer.AdminUser, PortalServer.AdminPassword);
        await page.GotoAsync($"{Portal.BaseUrl}/lab");
        foreach (var id in new[] { "SEAI50", "SEAI51", "SEAI52", "SEAI53", "SEAI54" })
            await Assertions.Expect(page.Locator($"[data-testid=check-{id}] [data-testid=status]")).ToHaveTextAsync("holds", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("5 of 5 hold")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("lab-all-five-checks"), FullPage = true });
    }

    private async Task<HttpClient> ClientAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var token = await OkAsync(client.PostAsJsonAsync("/api/auth/token", new { username = PortalServer.AdminUser, password = PortalServer.AdminPassword }, Ct));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        return client;
    }

    private static object Monitor(string source) => new
    {
        name = "MORTGAGE_MODEL_MONITOR", model = Model, version = "V1", function = "predict", source, baseline = "BASELINE_PREDICTIONS",
        timestampColumn = "WEEK_START_DATE", aggregationWindowDays = 7, idColumns = new[] { "LOAN_ID" },
        predictionClassColumns = new[] { "PREDICTED_RESPONSE" }, predictionScoreColumns = new[] { "PREDICTED_SCORE" },
        actualClassColumns = new[] { "MORTGAGERESPONSE" }, refreshInterval = "1 day",
    };

    private static async Task UploadAsync(HttpClient api, string table, string path)
    {
        await using var csv = File.OpenRead(path);
        await OkAsync(api.PostAsync($"/api/tables/{table}/csv?mode=create", new StreamContent(csv) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, Ct));
    }

    private static async Task ImportV1Async(HttpClient api)
    {
        var dir = Path.Combine(Browser.RepoRoot(), "data", "demo", "sagemaker");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(dir, "model.tar.gz"), Ct)), "artifact", "model.tar.gz");
        form.Add(new StringContent("V1"), "version");
        form.Add(new StringContent(string.Join(",", (await File.ReadAllLinesAsync(Path.Combine(dir, "feature_names.txt"), Ct)).Where(l => l.Length > 0))), "features");
        form.Add(new StringContent("INFERENCEMORTGAGEDATA"), "table");
        await OkAsync(api.PostAsync($"/api/models/{Model}/versions", form, Ct));
    }

    private static async Task<JsonElement> ScoreAsync(HttpClient api, object body)
    {
        var id = (await OkAsync(api.PostAsJsonAsync("/api/scoring/runs", body, Ct))).GetProperty("id").GetGuid();
        for (var i = 0; i < 1500; i++)
        {
            var run = await api.GetFromJsonAsync<JsonElement>($"/api/scoring/runs/{id}", Ct);
            if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled")
            {
                Assert.True(run.GetProperty("status").GetString() == "Succeeded", run.ToString());
                return run;
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"scoring run {id} did not finish");
    }

    private static async Task WaitJobAsync(HttpClient api, Guid id)
    {
        for (var i = 0; i < 1500; i++)
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}", Ct);
            if (job.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled")
            {
                Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.ToString());
                return;
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"job {id} did not finish");
    }

    private static async Task<JsonElement> WaitRetrainingAsync(HttpClient api, Guid id)
    {
        for (var i = 0; i < 3000; i++)
        {
            var run = await api.GetFromJsonAsync<JsonElement>($"/api/retraining/runs/{id}", Ct);
            if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled") return run;
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"training run {id} did not finish");
    }

    /// <summary>Awaits a call and asserts it succeeded, showing the portal's problem details when it did not.</summary>
    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(body);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
