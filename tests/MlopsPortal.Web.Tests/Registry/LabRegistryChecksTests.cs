using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>SEAI50, SEAI53 and SEAI54 follow the registry: the lab's model, its V2, PRODUCTION on V2.</summary>
public sealed class LabRegistryChecksTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registry_checks_hold_after_import_and_promotion()
    {
        var admin = await portal.AdminClientAsync();
        var fixture = Path.Combine(RepoRoot(), "tests", "MlopsPortal.Trees.Tests", "Fixtures", "lab.json");
        foreach (var version in new[] { "V1", "V2" })
        {
            var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(File.ReadAllBytes(fixture)), "artifact", "lab.json" },
                { new StringContent(version), "version" },
            };
            var response = await admin.PostAsync("/api/models/COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL/versions", form, Ct);
            // V1 may already be there: the demo story seeds it on the first start
            if (!response.IsSuccessStatusCode)
                Assert.Contains($"already has a version {version}", await response.Content.ReadAsStringAsync(Ct));
        }
        var checks = await ChecksAsync(admin);
        Assert.True(checks["SEAI50"]);
        Assert.True(checks["SEAI53"]);
        Assert.False(checks["SEAI54"]);

        // The demo's V1 holds PRODUCTION and reads other columns than this V2: the move is confirmed, as the lab's user would.
        var unconfirmed = await admin.PutAsJsonAsync("/api/models/COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL/aliases/PRODUCTION", new { version = "V2", reason = "lab" }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, unconfirmed.StatusCode);
        Assert.False((await ChecksAsync(admin))["SEAI54"]);
        (await admin.PutAsJsonAsync("/api/models/COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL/aliases/PRODUCTION?confirm=true", new { version = "V2", reason = "lab" }, Ct))
            .EnsureSuccessStatusCode();
        Assert.True((await ChecksAsync(admin))["SEAI54"]);
    }

    private static async Task<Dictionary<string, bool>> ChecksAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/lab/checks", Ct));
        return doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("holds").GetBoolean());
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return dir.FullName;
        throw new InvalidOperationException("MlopsPortal.sln not found");
    }
}
