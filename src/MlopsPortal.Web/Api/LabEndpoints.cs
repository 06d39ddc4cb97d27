using MlopsPortal.Core.Lab.Contracts;
using MlopsPortal.Core.Lab;

namespace MlopsPortal.Web.Api;

public static class LabEndpoints
{

    public static IEndpointRouteBuilder MapLabEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/lab/checks", async (LabChecks checks, CancellationToken ct) =>
                (await checks.EvaluateAsync(ct)).Select(c => new CheckDto(c.Id, c.Holds, c.Actual, c.Expected, c.Description)).ToList())
            .RequireAuthorization()
            .WithTags("Lab");
        return app;
    }
}
