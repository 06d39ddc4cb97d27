using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlopsPortal.Web.Tests.Snowflake;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>
/// Threat: a data scientist moves or removes PRODUCTION in Snowflake's own registry, unaudited. PRODUCTION follows the
/// portal's rule (Admin only): the refusal sends no statement; an admin's move is written to the portal's audit trail.
/// </summary>
public sealed class NativeProductionAliasTests(SnowflakeNativePortal portal) : IClassFixture<SnowflakeNativePortal>
{
    private const string Model = FakeSnowflakeAccount.Model;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_data_scientist_cannot_set_or_unset_PRODUCTION_and_nothing_is_sent()
    {
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        var before = portal.Account.Statements.Count;
        var auditBefore = (await scientist.GetFromJsonAsync<JsonElement>($"/api/snowflake/models/{Model}/audit", Ct)).GetArrayLength();

        var set = await scientist.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/PRODUCTION", new { version = "V2" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, set.StatusCode);
        Assert.Contains("needs the Admin role", await set.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.DeleteAsync($"/api/snowflake/models/{Model}/aliases/production", Ct)).StatusCode);

        Assert.Equal(before, portal.Account.Statements.Count);
        Assert.Contains("PRODUCTION", portal.Account.Versions.Single(v => v.Name == "V1").Aliases);
        var audit = await scientist.GetFromJsonAsync<JsonElement>($"/api/snowflake/models/{Model}/audit", Ct);
        Assert.Equal(auditBefore, audit.GetArrayLength());
    }

    [Fact]
    public async Task An_admins_PRODUCTION_move_is_written_to_the_portals_audit_trail()
    {
        var admin = await portal.AdminClientAsync();
        (await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/PRODUCTION", new { version = "V2" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/snowflake/models/{Model}/aliases/PRODUCTION", new { version = "V1" }, Ct)).EnsureSuccessStatusCode();

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/snowflake/models/{Model}/audit", Ct);
        var rows = audit.EnumerateArray().Select(r => (r.GetProperty("user").GetString(), r.GetProperty("action").GetString(), r.GetProperty("toVersion").GetString())).ToList();
        Assert.Equal([(PortalFactory.AdminUser, "SET_ALIAS", "V2"), (PortalFactory.AdminUser, "SET_ALIAS", "V1")], rows.TakeLast(2));
    }
}
