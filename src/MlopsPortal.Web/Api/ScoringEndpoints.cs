using MlopsPortal.Core.Scoring.Contracts;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring;

namespace MlopsPortal.Web.Api;

public static class ScoringEndpoints
{

    public static IEndpointRouteBuilder MapScoringEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/scoring/runs").RequireAuthorization().WithTags("Scoring");

        runs.MapPost("", async (ScoringRunRequest body, ScoringService scoring, CancellationToken ct) =>
        {
            var id = await scoring.StartAsync(ToSpec(body), ct);
            return Results.Accepted($"/api/scoring/runs/{id}", ToDto(await scoring.GetAsync(id, ct)));
        });
        runs.MapGet("", async (int? limit, ScoringService scoring, CancellationToken ct) =>
            (await scoring.ListAsync(limit ?? 100, ct)).Select(ToDto).ToList());
        runs.MapGet("/{id:guid}", async (Guid id, ScoringService scoring, CancellationToken ct) => ToDto(await scoring.GetAsync(id, ct)));
        runs.MapPost("/{id:guid}/cancel", async (Guid id, ScoringService scoring, CancellationToken ct) =>
            Results.Ok(new { cancelling = await scoring.CancelAsync(id, ct) }));
        app.MapScoringScheduleEndpoints();
        return app;
    }

    internal static ScoringRunSpec ToSpec(ScoringRunRequest b) => new()
    {
        Model = Required(b.Model, "model"),
        Version = string.IsNullOrWhiteSpace(b.Version) ? null : b.Version,
        Alias = string.IsNullOrWhiteSpace(b.Alias) ? null : b.Alias,
        Source = Required(b.Source, "source"),
        Output = Required(b.Output, "output"),
        Filter = b.Filter ?? [],
        Mode = ParseEnum(b.Mode, WriteMode.Overwrite, "mode"),
        Execution = ParseEnum(b.Execution, ScoringExecution.Auto, "execution"),
        KeepColumns = b.KeepColumns,
        Threshold = b.Threshold ?? 0.5,
        ScoreColumn = string.IsNullOrWhiteSpace(b.ScoreColumn) ? OutputColumns.PredictedScore : b.ScoreColumn,
        ClassColumn = string.IsNullOrWhiteSpace(b.ClassColumn) ? OutputColumns.PredictedResponse : b.ClassColumn,
    };

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new PortalValidationException($"The field '{field}' is required.") : value;

    private static T ParseEnum<T>(string? value, T fallback, string field) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? fallback
        : Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new PortalValidationException($"'{value}' is not a valid {field}; use one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

    public static ScoringRunDto ToDto(ScoringRun r) => new(
        r.Id, r.Status.ToString(), r.Progress, r.Rows, r.Spec.Model, r.Spec.Version, r.Spec.Alias, r.ResolvedVersion, r.Spec.Source, r.Spec.Output,
        r.Spec.Mode.ToString().ToLowerInvariant(), r.Execution.ToString().ToLowerInvariant(), r.CreatedAt, r.StartedAt, r.FinishedAt, r.Error,
        r.UnseenCategories, r.CreatedBy);
}
