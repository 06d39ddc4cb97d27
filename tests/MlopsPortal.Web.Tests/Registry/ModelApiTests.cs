using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>The registry's REST API on the real portal: roles (403), bad input (400/404), atomic alias moves.</summary>
public sealed class ModelApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FixturePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return Path.Combine(dir.FullName, "tests", "MlopsPortal.Trees.Tests", "Fixtures", name);
        throw new InvalidOperationException("MlopsPortal.sln not found");
    }

    private static MultipartFormDataContent Form(string fixture, string version, string? features = null)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(FixturePath(fixture))), "artifact", fixture },
            { new StringContent(version), "version" },
            { new StringContent("imported by the API test"), "comment" },
            { new StringContent("""{"SOURCE":"SageMaker","PROJECT":"lab"}"""), "tags" },
            { new StringContent("""{"accuracy":0.8,"f1_score":0.83}"""), "metrics" },
        };
        if (features is not null)
            form.Add(new StringContent(features), "features");
        return form;
    }

    private static async Task<string> ImportTwoVersionsAsync(HttpClient admin, string model)
    {
        (await admin.PostAsync($"/api/models/{model}/versions", Form("lab.json", "V1"), Ct)).EnsureSuccessStatusCode();
        var header = File.ReadLines(FixturePath("lab.input.csv")).First();
        var v2 = await admin.PostAsync($"/api/models/{model}/versions", Form("lab.tar.gz", "V2", header), Ct);
        Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
        return model;
    }

    private static Task<HttpResponseMessage> PutAlias(HttpClient c, string model, string alias, string version) =>
        c.PutAsJsonAsync($"/api/models/{model}/aliases/{alias}", new { version, reason = "test" }, Ct);

    [Fact]
    public async Task Import_lists_versions_and_models_in_the_stable_shape()
    {
        var admin = await portal.AdminClientAsync();
        var model = await ImportTwoVersionsAsync(admin, Model + "_SHAPE");

        using var models = JsonDocument.Parse(await admin.GetStringAsync("/api/models", Ct));
        var m = models.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == model);
        Assert.Equal("SageMaker", m.GetProperty("tags").GetProperty("SOURCE").GetString());
        Assert.Equal("V2", m.GetProperty("aliases").GetProperty("LAST").GetString());

        using var versions = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}/versions", Ct));
        var v2 = versions.RootElement[1];
        Assert.Equal("V2", v2.GetProperty("name").GetString());
        Assert.Equal(8, v2.GetProperty("signature").GetArrayLength());
        Assert.Equal(0.83, v2.GetProperty("metrics").GetProperty("f1_score").GetDouble());
        Assert.StartsWith("SageMaker", v2.GetProperty("source").GetProperty("description").GetString());

        var artifact = await admin.GetByteArrayAsync($"/api/models/{model}/versions/V2/artifact", Ct);
        Assert.Equal(File.ReadAllBytes(FixturePath("lab.tar.gz")), artifact);
    }

    [Fact]
    public async Task Viewer_gets_403_on_any_alias_change_and_data_scientist_on_production()
    {
        var admin = await portal.AdminClientAsync();
        var model = await ImportTwoVersionsAsync(admin, Model + "_ROLES");
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var scientist = await portal.ClientWithRoleAsync("DataScientist");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/models/{model}/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAlias(viewer, model, "STAGING", "V1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAlias(viewer, model, "PRODUCTION", "V1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/models/{model}/aliases/STAGING", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/models/{model}/versions", Form("lab.json", "V9"), Ct)).StatusCode);

        var denied = await PutAlias(scientist, model, "PRODUCTION", "V2");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Admin", await denied.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await PutAlias(scientist, model, "STAGING", "V2")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PutAlias(admin, model, "PRODUCTION", "V1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.DeleteAsync($"/api/models/{model}/aliases/PRODUCTION", Ct)).StatusCode);
    }

    [Fact]
    public async Task Twenty_concurrent_moves_of_production_end_with_one_holder_and_twenty_audit_rows()
    {
        var admin = await portal.AdminClientAsync();
        var model = await ImportTwoVersionsAsync(admin, Model + "_RACE");
        var moves = Enumerable.Range(0, 20).Select(i => PutAlias(admin, model, "PRODUCTION", i % 2 == 0 ? "V1" : "V2"));
        var responses = await Task.WhenAll(moves);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        using var audit = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}/audit", Ct));
        var production = audit.RootElement.EnumerateArray().Where(e => e.GetProperty("alias").GetString() == "PRODUCTION").ToList();
        Assert.Equal(20, production.Count);
        using var models = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}", Ct));
        Assert.Equal(production[^1].GetProperty("to").GetString(), models.RootElement.GetProperty("aliases").GetProperty("PRODUCTION").GetString());
    }

    [Fact]
    public async Task Bad_input_names_what_is_wrong()
    {
        var admin = await portal.AdminClientAsync();
        var model = await ImportTwoVersionsAsync(admin, Model + "_BAD");

        var reserved = await PutAlias(admin, model, "LAST", "V1");
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
        Assert.Contains("system alias", await reserved.Content.ReadAsStringAsync(Ct));
        var malformed = await PutAlias(admin, model, "bad-alias", "V1");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAlias(admin, model, "CHAMPION", "V7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/models/{model}/aliases/CHAMPION", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/models/NO_SUCH_MODEL/versions", Ct)).StatusCode);

        var pickle = await admin.PostAsync($"/api/models/{model}/versions", Form("reject_pickle.pkl", "V3"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, pickle.StatusCode);
        Assert.Contains("pickle", await pickle.Content.ReadAsStringAsync(Ct));
        var duplicate = await admin.PostAsync($"/api/models/{model}/versions", Form("lab.json", "V1"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        using var versions = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}/versions", Ct));
        Assert.Equal(2, versions.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Moving_an_alias_to_a_version_with_other_inputs_answers_409_naming_them_until_confirmed()
    {
        var admin = await portal.AdminClientAsync();
        var model = Model + "_CONFIRM";
        (await admin.PostAsync($"/api/models/{model}/versions", Form("lab.json", "V1"), Ct)).EnsureSuccessStatusCode();
        var features = File.ReadLines(FixturePath("default.input.csv")).First();
        (await admin.PostAsync($"/api/models/{model}/versions", Form("default.json", "V2", features), Ct)).EnsureSuccessStatusCode();
        (await PutAlias(admin, model, "PRODUCTION", "V1")).EnsureSuccessStatusCode();
        int Audits(JsonDocument d) => d.RootElement.GetArrayLength();
        using var before = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}/audit", Ct));

        using var check = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}/aliases/PRODUCTION/check?version=V2", Ct));
        Assert.True(check.RootElement.GetProperty("needsConfirmation").GetBoolean());
        Assert.Contains("f0 (number)", check.RootElement.GetProperty("added").EnumerateArray().Select(e => e.GetString()));

        var refused = await PutAlias(admin, model, "PRODUCTION", "V2");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Contains("LOAN_AMOUNT_000S (number)", problem.RootElement.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains("f9 (number)", problem.RootElement.GetProperty("added").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains("confirm", problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        using (var unchanged = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}", Ct)))
            Assert.Equal("V1", unchanged.RootElement.GetProperty("aliases").GetProperty("PRODUCTION").GetString());

        var confirmed = await admin.PutAsJsonAsync($"/api/models/{model}/aliases/PRODUCTION?confirm=true", new { version = "V2", reason = "new inputs, on purpose" }, Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        using var after = JsonDocument.Parse(await admin.GetStringAsync($"/api/models/{model}/audit", Ct));
        Assert.Equal(Audits(before) + 1, Audits(after));
        // Back to V1 with the body flag.
        var back = await admin.PutAsJsonAsync($"/api/models/{model}/aliases/PRODUCTION", new { version = "V1", reason = "back", confirm = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }
}
