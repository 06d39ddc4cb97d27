using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>
/// The compare API on a first-start portal (the demo story): V1 carries the lab's SageMaker metrics, stated as computed
/// on its test split; V1 and a second version are evaluated on the same rows in one call, stored as evaluations beside
/// the registered metrics, and served side by side with deltas rounded to 4 decimals.
/// </summary>
public sealed class CompareApiTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ImportSecondVersionAsync(HttpClient client, string version = "V2")
    {
        if ((await client.GetAsync($"/api/models/{Model}/versions/{version}", Ct)).IsSuccessStatusCode) return;
        // V1's inputs, other predictions: the lab-trained fixture cut to 10 trees.
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(LabApi.LabModelWithFewerTrees(10)), "artifact", "lab10.json" },
            { new StringContent(version), "version" },
            { new StringContent("INFERENCEMORTGAGEDATA"), "table" },
        };
        var response = await client.PostAsync($"/api/models/{Model}/versions", form, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task V1_carries_the_metrics_the_lab_logged_computed_on_its_test_split()
    {
        var client = await portal.AdminClientAsync();
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ApiTests.RepoRoot(), "data", "demo", "sagemaker", "metrics.json"), Ct)).RootElement;

        var metrics = (await client.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/V1", Ct)).GetProperty("metrics");

        foreach (var name in new[] { "accuracy", "f1_score", "precision", "recall" })
            Assert.Equal(expected.GetProperty(name).GetDouble(), metrics.GetProperty(name).GetDouble());
        static long[] Cells(JsonElement m) => m.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(c => c.GetInt64()).ToArray();
        Assert.Equal(Cells(expected.GetProperty("confusion_matrix")), Cells(metrics.GetProperty("confusion_matrix")));
        Assert.Equal(expected.GetProperty("classification_report").GetProperty("1").GetProperty("support").GetInt64(),
            metrics.GetProperty("classification_report").GetProperty("1").GetProperty("support").GetInt64());
        var on = metrics.GetProperty("evaluated_on");
        Assert.Contains("test split", on.GetProperty("table").GetString());
        Assert.Equal(960, on.GetProperty("rows").GetInt64()); // 20 % of the lab's 4,800 rows
        // The confusion matrix adds up to the test rows it was computed on.
        Assert.Equal(960, Cells(metrics.GetProperty("confusion_matrix")).Sum());
    }

    [Fact]
    public async Task Two_versions_are_evaluated_on_the_same_rows_in_one_call_and_compared_with_rounded_deltas()
    {
        var client = await portal.AdminClientAsync();
        await ImportSecondVersionAsync(client);
        var request = new
        {
            versions = new[] { "V1", "V2" }, table = "INFERENCEMORTGAGEDATA", label = "MORTGAGERESPONSE",
            filter = new[] { new { column = "WEEK", op = "<=", value = "5" } }, threshold = 0.5,
        };

        var response = await client.PostAsJsonAsync($"/api/models/{Model}/compare", request, Ct);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var comparison = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["V1", "V2"], comparison.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("INFERENCEMORTGAGEDATA where WEEK <= 5, label MORTGAGERESPONSE, threshold 0.5", comparison.GetProperty("description").GetString());
        var metrics = comparison.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal([1000.0, 1000.0], Values(metrics["rows"])); // 200 rows a week in weeks 1–5, all labelled

        // Each value is the stored evaluation's raw value rounded to 4 decimals; each delta is V2 − V1 from the raw values.
        var raw = new Dictionary<string, JsonElement>();
        foreach (var v in new[] { "V1", "V2" })
        {
            var version = (await client.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/{v}", Ct)).GetProperty("metrics");
            raw[v] = version.GetProperty("evaluations").EnumerateArray().Last().GetProperty("metrics");
        }
        foreach (var name in new[] { "accuracy", "precision", "recall", "f1_score", "roc_auc", "log_loss" })
        {
            double r1 = raw["V1"].GetProperty(name).GetDouble(), r2 = raw["V2"].GetProperty(name).GetDouble();
            Assert.Equal([Math.Round(r1, 4, MidpointRounding.AwayFromZero), Math.Round(r2, 4, MidpointRounding.AwayFromZero)], Values(metrics[name]));
            Assert.Equal(Math.Round(r2 - r1, 4, MidpointRounding.AwayFromZero), metrics[name].GetProperty("deltas")[1].GetDouble());
            Assert.All(Values(metrics[name]), x => Assert.Equal(x, Math.Round(x, 4)));
        }
        Assert.NotEqual(raw["V1"].GetProperty("log_loss").GetDouble(), raw["V2"].GetProperty("log_loss").GetDouble()); // two different models

        // V1 keeps the lab's metrics; the evaluation is stored beside them.
        var v1 = (await client.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/V1", Ct)).GetProperty("metrics");
        Assert.Equal(960, v1.GetProperty("evaluated_on").GetProperty("rows").GetInt64());

        // The stored comparison is served again (a Viewer may read it, not evaluate).
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var again = await viewer.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/compare?versions=V1,V2", Ct);
        Assert.Equal(comparison.GetProperty("metrics").ToString(), again.GetProperty("metrics").ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/models/{Model}/compare", request, Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_comparisons_are_refused_naming_the_problem_and_store_nothing()
    {
        var client = await portal.AdminClientAsync();
        await ImportSecondVersionAsync(client, "V3");
        async Task<(HttpStatusCode, string)> Post(object body)
        {
            var r = await client.PostAsJsonAsync($"/api/models/{Model}/compare", body, Ct);
            return (r.StatusCode, await r.Content.ReadAsStringAsync(Ct));
        }

        var one = await Post(new { versions = new[] { "V3" }, table = "INFERENCEMORTGAGEDATA", label = "MORTGAGERESPONSE" });
        Assert.Equal(HttpStatusCode.BadRequest, one.Item1);
        Assert.Contains("two or more versions", one.Item2);
        var unknown = await Post(new { versions = new[] { "V3", "V9" }, table = "INFERENCEMORTGAGEDATA", label = "MORTGAGERESPONSE" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Item1);
        Assert.Contains("V9", unknown.Item2);
        var label = await Post(new { versions = new[] { "V1", "V3" }, table = "INFERENCEMORTGAGEDATA", label = "NO_LABEL" });
        Assert.Equal(HttpStatusCode.BadRequest, label.Item1);
        Assert.Contains("NO_LABEL", label.Item2);
        var filter = await Post(new { versions = new[] { "V1", "V3" }, table = "INFERENCEMORTGAGEDATA", label = "MORTGAGERESPONSE", filter = new[] { new { column = "NOPE", op = "=", value = "1" } } });
        Assert.Equal(HttpStatusCode.BadRequest, filter.Item1);
        Assert.Contains("NOPE", filter.Item2);

        var v3 = (await client.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/V3", Ct)).GetProperty("metrics");
        Assert.False(v3.TryGetProperty("evaluations", out _), v3.ToString());
        var none = await client.GetAsync($"/api/models/{Model}/compare?versions=V1,V3", Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("share no evaluation", await none.Content.ReadAsStringAsync(Ct));
    }

    private static double[] Values(JsonElement metric) => metric.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
