using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlopsPortal.Web.Tests;

public sealed class ApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_reports_the_warehouse_and_the_job_storage_healthy()
    {
        var response = await portal.CreateClient().GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("warehouse").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Api_refuses_callers_without_a_token_and_accepts_a_valid_one()
    {
        var anonymous = portal.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tables", Ct)).StatusCode);

        var admin = await portal.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/tables", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_with_a_problem_that_says_why()
    {
        var response = await portal.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "nope" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong password", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_for_a_while()
    {
        var client = portal.CreateClient();
        var admin = await portal.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/admin/users", new { username = "guessme", password = "right-password", role = "Viewer" }, Ct);

        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/token", new { username = "guessme", password = $"wrong-{i}" }, Ct);
        var locked = await client.PostAsJsonAsync("/api/auth/token", new { username = "guessme", password = "right-password" }, Ct);

        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
    }

    [Fact]
    public async Task A_viewer_gets_403_on_an_admin_endpoint_and_the_admin_gets_200()
    {
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var admin = await portal.AdminClientAsync();

        var asViewer = await viewer.GetAsync("/api/admin/users", Ct);
        var asAdmin = await admin.GetAsync("/api/admin/users", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Contains("needs the Admin role", await asViewer.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_import_csv()
    {
        var viewer = await portal.ClientWithRoleAsync("Viewer");

        var response = await viewer.PostAsync("/api/tables/VIEWER_IMPORT/csv?mode=create", Csv("A,B\n1,2\n"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var tables = await (await portal.AdminClientAsync()).GetStringAsync("/api/tables", Ct);
        Assert.DoesNotContain("VIEWER_IMPORT", tables);
    }

    [Fact]
    public async Task Csv_import_through_the_api_creates_the_table_and_lists_it()
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");

        var response = await client.PostAsync("/api/tables/API_IMPORT/csv?mode=create", Csv("ID,NAME,SCORE\n1,a,0.5\n2,b,0.25\n3,,\n"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").GetInt64());
        var table = await client.GetFromJsonAsync<JsonElement>("/api/tables/API_IMPORT", Ct);
        Assert.Equal(3, table.GetProperty("rows").GetInt64());
        Assert.Equal(["ID", "NAME", "SCORE"], table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task A_bad_value_is_refused_with_its_line_and_the_table_is_unchanged()
    {
        var client = await portal.AdminClientAsync();
        await client.PostAsync("/api/tables/BAD_VALUES/csv?mode=create", Csv("ID,AMOUNT\n1,10\n2,20\n"), Ct);
        var csv = new StringBuilder("ID,AMOUNT\n");
        for (var line = 2; line <= 3_100; line++)
            csv.Append(line).Append(',').Append(line == 3_001 ? "abc" : "7").Append('\n');

        var response = await client.PostAsync("/api/tables/BAD_VALUES/csv?mode=append", Csv(csv.ToString()), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("3001", problem);
        Assert.Contains("AMOUNT", problem);
        var table = await client.GetFromJsonAsync<JsonElement>("/api/tables/BAD_VALUES", Ct);
        Assert.Equal(2, table.GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Unknown_mode_and_bad_table_names_are_named_in_the_error()
    {
        var client = await portal.AdminClientAsync();

        var badMode = await client.PostAsync("/api/tables/T1/csv?mode=merge", Csv("A\n1\n"), Ct);
        var badName = await client.PostAsync("/api/tables/bad-name/csv?mode=create", Csv("A\n1\n"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.Contains("merge", await badMode.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("bad-name", await badName.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_file_in_the_top_level_wwwroot_is_served()
    {
        var response = await portal.CreateClient().GetAsync("/css/portal.css", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var source = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "wwwroot", "css", "portal.css"), Ct);
        Assert.Equal(source, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_login_page_answers_and_pages_redirect_anonymous_users_to_it()
    {
        var client = portal.CreateClient(new() { AllowAutoRedirect = false });

        var login = await client.GetAsync("/account/login", Ct);
        var data = await client.GetAsync("/data", Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Sign in", await login.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Redirect, data.StatusCode);
        Assert.StartsWith("/account/login", data.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Openapi_document_and_docs_page_are_served()
    {
        var client = portal.CreateClient();

        var doc = await client.GetStringAsync("/api/openapi/v1.json", Ct);
        var docs = await client.GetAsync("/api/docs", Ct);

        Assert.Contains("/api/tables/{table}/csv", doc);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task The_hangfire_dashboard_is_for_admins_only()
    {
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var anonymous = portal.CreateClient(new() { AllowAutoRedirect = false });

        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/jobs/hangfire", Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await viewer.GetAsync("/jobs/hangfire", Ct)).StatusCode);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MlopsPortal.sln not found above the test binaries.");
    }
}
