namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>Registers a Trees.Tests fixture artifact (no table needed) so that monitors can name a model the registry holds.</summary>
internal static class FixtureModels
{
    public static async Task RegisterAsync(HttpClient admin, string model, string version = "V1", string fixture = "lab.json")
    {
        var ct = TestContext.Current.CancellationToken;
        if ((await admin.GetAsync($"/api/models/{model}/versions/{version}", ct)).IsSuccessStatusCode) return;
        var path = Path.Combine(ApiTests.RepoRoot(), "tests", "MlopsPortal.Trees.Tests", "Fixtures", fixture);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(path, ct)), "artifact", fixture },
            { new StringContent(version), "version" },
        };
        var response = await admin.PostAsync($"/api/models/{model}/versions", form, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
