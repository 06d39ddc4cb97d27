using System.Net;
using System.Net.Http.Headers;
using MlopsPortal.TestKit;

namespace MlopsPortal.Web.Tests;

/// <summary>The lab's data and the V1 SageMaker artifact put into a portal through its REST API, as the lab's users do.</summary>
internal static class LabApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A lab CSV, or its demo stand-in on a bare clone (<see cref="LabFiles"/>).</summary>
    public static string LabData(string file) => LabFiles.Path(file);

    /// <summary>Imports a lab CSV as a table unless an earlier test of the same portal already did.</summary>
    public static async Task EnsureTableAsync(HttpClient client, string table, string file)
    {
        if ((await client.GetAsync($"/api/tables/{table}", Ct)).IsSuccessStatusCode) return;
        await using var csv = File.OpenRead(LabData(file));
        var imported = await client.PostAsync($"/api/tables/{table}/csv?mode=create",
            new StreamContent(csv) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    /// <summary>
    /// A second model with V1's inputs but other predictions: the lab-trained fixture
    /// (tests/MlopsPortal.Trees.Tests/Fixtures/lab.json, the same trees as V1) cut to its first <paramref name="trees"/> trees.
    /// </summary>
    public static byte[] LabModelWithFewerTrees(int trees)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ApiTests.RepoRoot(), "tests", "MlopsPortal.Trees.Tests", "Fixtures", "lab.json")))!;
        var model = json["learner"]!["gradient_booster"]!["model"]!;
        foreach (var list in new[] { "trees", "tree_info" })
        {
            var array = model[list]!.AsArray();
            while (array.Count > trees) array.RemoveAt(array.Count - 1);
        }
        model["gbtree_model_param"]!["num_trees"] = trees.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>
    /// Registers data/demo/sagemaker/model.tar.gz (the portal's first start imports the same artifact as the lab model's V1)
    /// as <paramref name="version"/> of <paramref name="model"/>, mapped on INFERENCEMORTGAGEDATA, unless it is there already.
    /// </summary>
    public static async Task ImportSageMakerAsync(HttpClient client, string model, string version = "V1", string? comment = null)
    {
        if ((await client.GetAsync($"/api/models/{model}/versions/{version}", Ct)).IsSuccessStatusCode) return;
        var dir = Path.Combine(ApiTests.RepoRoot(), "data", "demo", "sagemaker");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(dir, "model.tar.gz"), Ct)), "artifact", "model.tar.gz");
        form.Add(new StringContent(version), "version");
        if (comment is not null) form.Add(new StringContent(comment), "comment");
        form.Add(new StringContent(string.Join(",", (await File.ReadAllLinesAsync(Path.Combine(dir, "feature_names.txt"), Ct)).Where(l => l.Length > 0))), "features");
        form.Add(new StringContent("INFERENCEMORTGAGEDATA"), "table");
        var response = await client.PostAsync($"/api/models/{model}/versions", form, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
