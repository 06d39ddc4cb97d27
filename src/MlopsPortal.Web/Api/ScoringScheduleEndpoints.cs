using MlopsPortal.Core.Scoring.Contracts;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring.Schedules;

namespace MlopsPortal.Web.Api;

public static class ScoringScheduleEndpoints
{

    public static IEndpointRouteBuilder MapScoringScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/api/scoring/schedules").RequireAuthorization().WithTags("Scoring");

        schedules.MapGet("", async (ScoringScheduleService service, CancellationToken ct) => (await service.ListAsync(ct)).Select(ToDto).ToList());
        schedules.MapGet("/{name}", async (string name, ScoringScheduleService service, CancellationToken ct) => ToDto(await service.GetAsync(name, ct)));
        schedules.MapPost("", async (ScheduleRequest body, ScoringScheduleService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(new(body.Name, body.Cron, body.TimeZone, ScoringEndpoints.ToSpec(body.Run ?? throw new PortalValidationException("Give the scoring run to schedule as run: {model, version or alias, source, output, …}.")), body.Paused ?? false), ct);
            return Results.Created($"/api/scoring/schedules/{created.Name}", ToDto(created));
        });
        schedules.MapPost("/{name}/pause", async (string name, ScoringScheduleService service, CancellationToken ct) => ToDto(await service.PauseAsync(name, ct)));
        schedules.MapPost("/{name}/resume", async (string name, ScoringScheduleService service, CancellationToken ct) => ToDto(await service.ResumeAsync(name, ct)));
        schedules.MapDelete("/{name}", async (string name, ScoringScheduleService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(name, ct);
            return Results.NoContent();
        });
        // Lets a form show the next five firings while the cron is typed; an invalid cron answers 400 naming it.
        schedules.MapGet("/preview", (string cron, string? timeZone) => ScoringScheduleService.Preview(cron, timeZone));
        return app;
    }

    public static ScheduleDto ToDto(ScoringSchedule s) => new(
        s.Name, s.Cron, s.TimeZone, s.Paused, s.BoundTo, s.Spec.Model, s.Spec.Version, s.Spec.Alias, s.Spec.Source, s.Spec.Output,
        s.Owner.UserName, s.CreatedAt, s.LastRunId, s.LastFiredAt, s.NextFireTimes(DateTime.UtcNow));
}
