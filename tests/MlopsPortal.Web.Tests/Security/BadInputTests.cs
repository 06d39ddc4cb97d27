using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>
/// Threat: bodies that do not bind (a wrong JSON type, malformed JSON). The answer is a problem detail naming the
/// field and the type it expects, and nothing is created; a number where a filter value is expected is accepted.
/// </summary>
public sealed class BadInputTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(HttpClient client, string url, string json)
    {
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    [Theory]
    [InlineData("/api/feature-store/recipes/run", """{"name":"r","sourceTable":42,"outputTable":"OUT","rules":[],"oneHotColumns":[]}""", "sourceTable", "a string")]
    [InlineData("/api/feature-store/recipes/run", """{"name":"r","sourceTable":"A","outputTable":"OUT","rules":{},"oneHotColumns":[]}""", "rules", "a JSON array")]
    [InlineData("/api/scoring/runs", """{"model":"M","source":"S","output":"O","threshold":"high"}""", "threshold", "a number")]
    [InlineData("/api/retraining/runs", """{"model":"M","trainingTable":"T","nTrees":"many"}""", "nTrees", "a whole number")]
    public async Task A_wrong_json_type_names_the_field_and_the_expected_type(string url, string json, string field, string expected)
    {
        var warehouse = portal.Services.GetRequiredService<IWarehouse>();
        var before = (await warehouse.ListTablesAsync(Ct)).Count;
        var admin = await portal.AdminClientAsync();

        var (status, problem) = await PostAsync(admin, url, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"'{field}'", detail);
        Assert.Contains(expected, detail);
        Assert.Equal(before, (await warehouse.ListTablesAsync(Ct)).Count);
    }

    [Fact]
    public async Task Malformed_json_says_where()
    {
        var admin = await portal.AdminClientAsync();
        var (status, problem) = await PostAsync(admin, "/api/scoring/runs", """{"model": "M", "source": """);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_number_is_accepted_as_a_filter_value()
    {
        var admin = await portal.AdminClientAsync();
        // The filter binds (the number becomes "5"); the run is then refused for its unknown model, not for the body.
        var (status, problem) = await PostAsync(admin, "/api/scoring/runs",
            """{"model":"NO_SUCH_MODEL","source":"NO_SUCH_TABLE","output":"OUT","filter":[{"column":"WEEK","op":">","value":5}]}""");

        Assert.NotEqual(HttpStatusCode.InternalServerError, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("'filter[0].value'", detail);
        Assert.DoesNotContain("not valid JSON", detail);
    }
}
