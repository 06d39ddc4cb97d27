using MlopsPortal.Core.Retraining.Contracts;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Infrastructure.Retraining;

namespace MlopsPortal.Web.Api;

public static class RetrainingEndpoints
{

    public static IEndpointRouteBuilder MapRetrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/retraining/runs").RequireAuthorization().WithTags("Retraining");
        runs.MapPost("", async (TrainingRunRequest body, RetrainingService retraining, CancellationToken ct) =>
        {
            var id = await retraining.StartAsync(ToSpec(body), ct);
            return Results.Accepted($"/api/retraining/runs/{id}", ToDto(await retraining.GetAsync(id, ct)));
        });
        runs.MapGet("", async (int? limit, RetrainingService retraining, CancellationToken ct) =>
            (await retraining.ListAsync(limit ?? 100, ct)).Select(ToDto).ToList());
        runs.MapGet("/{id:guid}", async (Guid id, RetrainingService retraining, CancellationToken ct) => ToDto(await retraining.GetAsync(id, ct)));
        runs.MapPost("/{id:guid}/cancel", async (Guid id, RetrainingService retraining, CancellationToken ct) =>
            Results.Ok(new { cancelling = await retraining.CancelAsync(id, ct) }));
        return app;
    }

    private static TrainingRunSpec ToSpec(TrainingRunRequest b)
    {
        var defaults = new TrainingRunSpec { Model = "", TrainingTable = "", Label = "", Version = "" };
        return new TrainingRunSpec
        {
            Model = Required(b.Model, "model"),
            TrainingTable = Required(b.TrainingTable, "trainingTable"),
            Features = b.Features ?? [],
            Label = Required(b.Label, "label"),
            TestRatio = b.TestRatio ?? defaults.TestRatio,
            Seed = b.Seed ?? defaults.Seed,
            Stratified = b.Stratified ?? false,
            NTrees = b.NTrees ?? defaults.NTrees,
            MaxDepth = b.MaxDepth ?? defaults.MaxDepth,
            LearningRate = b.LearningRate ?? defaults.LearningRate,
            MinChildWeight = b.MinChildWeight ?? defaults.MinChildWeight,
            Subsample = b.Subsample ?? defaults.Subsample,
            Trainer = string.IsNullOrWhiteSpace(b.Trainer) ? "auto" : b.Trainer.Trim().ToLowerInvariant(),
            Threads = b.Threads ?? 0,
            Version = Required(b.Version, "version"),
            Comment = string.IsNullOrWhiteSpace(b.Comment) ? null : b.Comment,
            Lineage = b.Lineage,
            PredictionsTable = string.IsNullOrWhiteSpace(b.PredictionsTable) ? null : b.PredictionsTable.Trim(),
            PredictionKeepColumns = b.PredictionKeepColumns ?? [],
        };
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new PortalValidationException($"The field '{field}' is required.") : value.Trim();

    public static TrainingRunDto ToDto(TrainingRun r) => new(
        r.Id, r.Status.ToString(), r.Progress, r.Message, r.Error, r.Spec, r.Result, r.CreatedBy, r.CreatedAt, r.StartedAt, r.FinishedAt);
}
