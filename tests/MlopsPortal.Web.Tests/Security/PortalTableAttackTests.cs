using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>
/// Threat: a signed-in user names one of the portal's own tables (PORTAL_USERS holds the password hashes) as the
/// table to read or write. Every API endpoint that takes a table name is found from the endpoint metadata (route,
/// query, JSON body fields at any depth, multipart form) and each slot is attacked on its own: the portal answers 400
/// naming the rule, and afterwards the users table still signs the admin in and no table was created.
/// </summary>
public sealed class PortalTableAttackTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Reserved = "PORTAL_USERS";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One place a request names a table: in the route, the query, the JSON body (a dotted path) or a form field.</summary>
    private sealed record Slot(string Method, string Route, string Where, string Field);

    [Fact]
    public async Task Every_endpoint_that_takes_a_table_refuses_PORTAL_USERS_for_each_table_it_names_and_nothing_changes()
    {
        var admin = await portal.AdminClientAsync();
        var warehouse = portal.Services.GetRequiredService<IWarehouse>();
        var tablesBefore = await TableNamesAsync(warehouse);
        var usersBefore = await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_USERS", ct: Ct);

        var endpoints = ApiEndpoints().ToList();
        var slots = endpoints.SelectMany(e => SlotsOf(e).Select(s => (Endpoint: e, Slot: s))).ToList();

        // The discovery must find the places the issue names; a new endpoint adds to this list by itself.
        string[] expected =
        [
            "POST /api/feature-store/recipes/preview body sourceTable", "POST /api/feature-store/recipes/run body outputTable",
            "PUT /api/feature-store/recipes/{name} body outputTable", "POST /api/feature-store/training-sets body spineTable",
            "POST /api/feature-store/training-sets body outputTable", "POST /api/feature-store/views body sourceTable",
            "POST /api/scoring/runs body source", "POST /api/scoring/runs body output", "POST /api/scoring/schedules body run.output",
            "POST /api/retraining/runs body trainingTable", "POST /api/retraining/runs body predictionsTable",
            "GET /api/tables/{table}/rows route table", "POST /api/tables/{table}/csv route table",
            "POST /api/monitors/baselines body source", "POST /api/monitors/baselines body output", "POST /api/monitors body baseline",
            "POST /api/snowflake/scoring body source", "POST /api/snowflake/scoring body output",
            "POST /api/models/{model}/versions/{version}/evaluate body table", "POST /api/feature-mapping body table",
            "POST /api/models/{model}/versions form table",
        ];
        var found = slots.Select(s => $"{s.Slot.Method} {s.Slot.Route} {s.Slot.Where} {s.Slot.Field}").ToHashSet();
        var missing = expected.Except(found).ToList();
        Assert.True(missing.Count == 0, "not discovered: " + string.Join("; ", missing) + "\nfound: " + string.Join("; ", found));

        var failures = new List<string>();
        foreach (var (endpoint, slot) in slots)
        {
            using var request = Build(endpoint, slot);
            using var response = await admin.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains(Reserved, StringComparison.Ordinal)
                || !body.Contains("reserved for the portal", StringComparison.Ordinal))
                failures.Add($"{slot}: {(int)response.StatusCode} {body}");
        }
        Assert.Empty(failures);

        // Nothing changed: the users table still signs the admin in, holds the same accounts, and no table appeared.
        Assert.Equal(usersBefore, await warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_USERS", ct: Ct));
        Assert.Equal(tablesBefore, await TableNamesAsync(warehouse));
        var again = await portal.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/tables", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_read_the_password_hashes_through_a_recipe_preview()
    {
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        var response = await viewer.PostAsJsonAsync("/api/feature-store/recipes/preview?step=Source",
            new { name = "steal", sourceTable = "portal_users", outputTable = "OUT", rules = Array.Empty<object>(), oneHotColumns = Array.Empty<string>() }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sourceTable", body);
        Assert.Contains("reserved for the portal", body);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"PORTAL_USERS\"")]
    [InlineData("main.PORTAL_USERS")]
    [InlineData("_hidden")]
    public async Task Quoting_or_qualifying_the_name_does_not_get_round_the_rule(string table)
    {
        var warehouse = portal.Services.GetRequiredService<IWarehouse>();
        var tablesBefore = await TableNamesAsync(warehouse);
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        var response = await scientist.PostAsJsonAsync("/api/feature-store/recipes/run",
            new { name = "overwrite", sourceTable = "ANY_TABLE", outputTable = table, rules = Array.Empty<object>(), oneHotColumns = Array.Empty<string>() }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outputTable", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(tablesBefore, await TableNamesAsync(warehouse));
        Assert.Equal(HttpStatusCode.OK, (await (await portal.AdminClientAsync()).GetAsync("/api/tables", Ct)).StatusCode);
    }

    [Fact]
    public void Specs_that_pages_hand_to_services_directly_are_refused_by_the_same_rule()
    {
        var recipe = new MlopsPortal.Core.FeatureStore.RetrainingRecipe("r", "MORTGAGE", "portal_settings", [], []);
        var e = Assert.Throws<MlopsPortal.Core.Common.PortalValidationException>(() => UserTables.RefuseReserved(recipe));
        Assert.Contains("'outputTable'", e.Message);
        var set = new MlopsPortal.Core.FeatureStore.TrainingSetRequest("PORTAL_USERS", "TS", [], "V", 1, [], "OUT");
        Assert.Contains("'spineTable'", Assert.Throws<MlopsPortal.Core.Common.PortalValidationException>(() => UserTables.RefuseReserved(set)).Message);
        var ok = recipe with { OutputTable = "MY_OUTPUT" };
        Assert.Same(ok, UserTables.RefuseReserved(ok));
    }

    private static async Task<List<string>> TableNamesAsync(IWarehouse warehouse) =>
        (await warehouse.ListTablesAsync(Ct)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<MethodInfo>() is not null);

    private bool IsService(Type t) => portal.Services.GetRequiredService<IServiceProviderIsService>().IsService(t);

    private static bool IsFramework(Type t) =>
        t == typeof(CancellationToken) || t.Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true;

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(DateTime) || t == typeof(decimal);
    }

    private IEnumerable<Slot> SlotsOf(RouteEndpoint endpoint)
    {
        var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET";
        var route = endpoint.RoutePattern.RawText!.TrimEnd('/');
        foreach (var p in endpoint.Metadata.GetMetadata<MethodInfo>()!.GetParameters())
        {
            if (IsService(p.ParameterType) || IsFramework(p.ParameterType))
                continue;
            if (IsSimple(p.ParameterType))
            {
                if (p.ParameterType == typeof(string) && UserTables.IsTableField(p.Name))
                    yield return new Slot(method, route, endpoint.RoutePattern.GetParameter(p.Name!) is null ? "query" : "route", p.Name!);
            }
            else
            {
                foreach (var path in TablePaths(p.ParameterType, "", 0))
                    yield return new Slot(method, route, "body", path);
            }
        }
        // Handlers that read multipart forms themselves (model import) take the documented 'table' field.
        if (endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains("multipart/form-data")))
            yield return new Slot(method, route, "form", "table");
    }

    private static IEnumerable<string> TablePaths(Type type, string prefix, int depth)
    {
        if (depth > 3)
            yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (property.PropertyType == typeof(string) && UserTables.IsTableField(property.Name))
                yield return name;
            else if (!IsSimple(property.PropertyType) && property.PropertyType.Namespace?.StartsWith("MlopsPortal", StringComparison.Ordinal) == true)
                foreach (var nested in TablePaths(property.PropertyType, name + ".", depth + 1))
                    yield return nested;
        }
    }

    private HttpRequestMessage Build(RouteEndpoint endpoint, Slot slot)
    {
        var route = endpoint.RoutePattern;
        var path = new StringBuilder();
        var query = new List<string>();
        var url = route.RawText!;
        foreach (var parameter in route.Parameters)
        {
            var value = parameter.Name == slot.Field && slot.Where == "route" ? Reserved
                : parameter.ParameterPolicies.Any(p => p.Content is "guid") ? Guid.NewGuid().ToString()
                : parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? "1" : "X";
            url = System.Text.RegularExpressions.Regex.Replace(url, "\\{" + parameter.Name + "(:[^}]*)?\\}", value);
        }
        path.Append(url);
        JsonObject? body = null;
        foreach (var p in endpoint.Metadata.GetMetadata<MethodInfo>()!.GetParameters())
        {
            if (IsService(p.ParameterType) || IsFramework(p.ParameterType) || route.GetParameter(p.Name!) is not null)
                continue;
            if (IsSimple(p.ParameterType))
            {
                var value = p.Name == slot.Field && slot.Where == "query" ? Reserved : Sample(p.ParameterType);
                if (value is not null)
                    query.Add($"{p.Name}={Uri.EscapeDataString(value)}");
            }
            else
            {
                body = new JsonObject();
                foreach (var field in TablePaths(p.ParameterType, "", 0))
                    Set(body, field, field == slot.Field ? Reserved : "SOME_USER_TABLE");
            }
        }
        if (query.Count > 0)
            path.Append('?').Append(string.Join('&', query));
        var request = new HttpRequestMessage(new HttpMethod(slot.Method), path.ToString());
        if (slot.Where == "form")
            request.Content = new MultipartFormDataContent { { new StringContent(Reserved), "table" }, { new StringContent("V1"), "version" } };
        else if (body is not null)
            request.Content = JsonContent.Create(body);
        else if (slot.Method == "POST" && route.RawText!.EndsWith("/csv", StringComparison.Ordinal))
            request.Content = new StringContent("A\n1\n", Encoding.UTF8, "text/csv");
        return request;
    }

    /// <summary>A value for a required query parameter (nullable ones are left out).</summary>
    private static string? Sample(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is not null || t == typeof(string))
            return t == typeof(string) ? "X" : null;
        return t == typeof(DateTime) ? "2025-01-01T00:00:00Z" : t == typeof(bool) ? "false" : t == typeof(Guid) ? Guid.NewGuid().ToString() : "1";
    }

    private static void Set(JsonObject root, string dotted, string value)
    {
        var parts = dotted.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
                node[part] = child = new JsonObject();
            node = child;
        }
        node[parts[^1]] = value;
    }
}
