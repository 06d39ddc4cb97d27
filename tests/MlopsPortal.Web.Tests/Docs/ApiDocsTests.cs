using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MlopsPortal.Web.Tests.Docs;

/// <summary>docs/api.md lists exactly the routes the portal maps under /api, so the documented REST surface cannot drift.</summary>
public sealed partial class ApiDocsTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public ApiDocsTests(PortalFactory portal) => _portal = portal;

    [Fact]
    public void Every_api_route_is_in_docs_api_md_and_every_documented_route_exists()
    {
        _ = _portal.Server; // builds the host, which maps the endpoints
        var mapped = _portal.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true
                        && !e.RoutePattern.RawText.StartsWith("/api/openapi", StringComparison.Ordinal)
                        && !e.RoutePattern.RawText.StartsWith("/api/docs", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet();

        var documented = Documented(File.ReadAllText(Path.Combine(ApiTests.RepoRoot(), "docs", "api.md")));

        var undocumented = mapped.Except(documented).Order().ToList();
        var gone = documented.Except(mapped).Order().ToList();
        Assert.True(undocumented.Count == 0, "Mapped but not in docs/api.md: " + string.Join("; ", undocumented));
        Assert.True(gone.Count == 0, "In docs/api.md but not mapped: " + string.Join("; ", gone));
    }

    /// <summary>"GET\|DELETE /api/x/{name}?limit=" in backticks → "GET /api/x/{name}", "DELETE /api/x/{name}".</summary>
    private static HashSet<string> Documented(string markdown) =>
        DocumentedRoute().Matches(markdown)
            .SelectMany(m => m.Groups["methods"].Value.Split("\\|").Select(method => $"{method} {m.Groups["path"].Value}"))
            .ToHashSet();

    /// <summary>Drops route constraints and a trailing slash: "/api/jobs/{id:guid}" → "/api/jobs/{id}".</summary>
    private static string Normalize(string pattern) => Constraint().Replace(pattern, "}").TrimEnd('/');

    [GeneratedRegex(@"`(?<methods>(?:GET|POST|PUT|PATCH|DELETE)(?:\\\|(?:GET|POST|PUT|PATCH|DELETE))*) (?<path>/api/[^`?\s]*)")]
    private static partial Regex DocumentedRoute();

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex Constraint();
}
