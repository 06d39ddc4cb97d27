using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>A body that does not fit gets problem details naming the field and the type it needs; a filter value may be a number.</summary>
public sealed class BadJsonTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/scoring/runs", """{"model": 5, "source": "A", "output": "B"}""", "model", "text")]
    [InlineData("/api/monitors", """{"name": "M", "aggregationWindowDays": "seven"}""", "aggregationWindowDays", "number")]
    [InlineData("/api/alerts", """{"name": "A", "threshold": "low"}""", "threshold", "number")]
    [InlineData("/api/scoring/runs", """{"model": "M", "filter": {"column": "WEEK"}}""", "filter", "list")]
    public async Task A_wrong_json_type_is_a_400_that_names_the_field_and_the_expected_type(string route, string body, string field, string expected)
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");

        var response = await client.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!;
        Assert.Contains($"'{field}'", detail);
        Assert.Contains(expected, detail);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_says_so()
    {
        var client = await portal.ClientWithRoleAsync("DataScientist");

        var response = await client.PostAsync("/api/scoring/runs", new StringContent("{\"model\": ", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public void A_filter_value_may_be_a_number_text_or_a_boolean()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Equal("5", JsonSerializer.Deserialize<MlopsPortal.Core.Scoring.FilterCondition>("""{"column":"WEEK","op":"=","value":5}""", options)!.Value);
        Assert.Equal("2.5", JsonSerializer.Deserialize<MlopsPortal.Core.Scoring.FilterCondition>("""{"column":"X","op":"<","value":2.5}""", options)!.Value);
        Assert.Equal("5", JsonSerializer.Deserialize<MlopsPortal.Core.Scoring.FilterCondition>("""{"column":"WEEK","op":"=","value":"5"}""", options)!.Value);
        Assert.Equal("true", JsonSerializer.Deserialize<MlopsPortal.Core.Scoring.FilterCondition>("""{"column":"B","op":"=","value":true}""", options)!.Value);
    }
}
