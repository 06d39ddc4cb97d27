using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring.Schedules;

namespace MlopsPortal.Web.Api;

public static class ScoringScheduleEndpoints
{
    /// <summary>A schedule: a name, a cron (5 fields) in a time zone, and the scoring-run body it starts each time.</summary>
    public sealed record ScheduleRequest(string Name, string Cron, string? TimeZone, ScoringEndpoints.ScoringRunRequest Run, bool? Paused);

    public sealed record ScheduleDto(
        string Name, string Cron, string TimeZone, bool Paused, string BoundTo, string Model, string? Version, string? Alias,
        string Source, string Output, string Owner, DateTime CreatedAt, Guid? LastRunId, DateTime? LastFiredAt, IReadOnlyList<DateTime> NextFireTimes);

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
