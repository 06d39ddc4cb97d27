using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Web.Api;

public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapGet("", async (JobsService service, int? limit, CancellationToken ct) => await service.ListAsync(limit ?? 200, ct));
        jobs.MapGet("/{id:guid}", async (Guid id, JobsService service, CancellationToken ct) => await service.GetAsync(id, ct));
        jobs.MapPost("/{id:guid}/cancel", async (Guid id, JobsService service, CancellationToken ct) =>
            Results.Ok(new { cancelling = await service.CancelAsync(id, ct) }));
        return app;
    }
}
