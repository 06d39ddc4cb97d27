using MlopsPortal.Core.FeatureStore.Contracts;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Infrastructure.FeatureStore;

namespace MlopsPortal.Web.Api;

/// <summary>/api/feature-store: retraining recipes (CRUD, preview per step, run), entities, feature views, training sets.</summary>
public static class FeatureStoreEndpoints
{

    public static IEndpointRouteBuilder MapFeatureStoreEndpoints(this IEndpointRouteBuilder app)
    {
        var fs = app.MapGroup("/api/feature-store").RequireAuthorization().WithTags("Feature store");

        var recipes = fs.MapGroup("/recipes");
        recipes.MapGet("", async (RecipeService s, CancellationToken ct) => await s.ListAsync(ct));
        recipes.MapGet("/templates", () => RecipeService.Templates);
        recipes.MapGet("/{name}", async (string name, RecipeService s, CancellationToken ct) => await s.GetAsync(name, ct));
        recipes.MapPut("/{name}", async (string name, RetrainingRecipe recipe, RecipeService s, CancellationToken ct) =>
        {
            if (!string.Equals(name, recipe.Name, StringComparison.Ordinal))
                throw new PortalValidationException($"The recipe's name '{recipe.Name}' differs from the name in the path '{name}'.");
            return await s.SaveAsync(recipe, ct);
        });
        recipes.MapDelete("/{name}", async (string name, RecipeService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(name, ct);
            return Results.NoContent();
        });
        recipes.MapPost("/preview", async (RetrainingRecipe recipe, string? step, int? rows, RecipeService s, CancellationToken ct) =>
        {
            var p = await s.PreviewAsync(recipe, ParseStep(step), rows ?? 10, ct);
            return new PreviewDto(p.Step.ToString(), p.Columns, p.Rows);
        });
        recipes.MapPost("/run", async (RetrainingRecipe recipe, RecipeService s, CancellationToken ct) =>
            new { table = recipe.OutputTable, rows = await s.RunAsync(recipe, ct) });
        recipes.MapPost("/{name}/run", async (string name, RecipeService s, CancellationToken ct) =>
            new { rows = await s.RunSavedAsync(name, ct) });

        fs.MapGet("/entities", async (FeatureStoreService s, CancellationToken ct) => await s.ListEntitiesAsync(ct));
        fs.MapPost("/entities", async (EntitySpec entity, FeatureStoreService s, CancellationToken ct) =>
            Results.Created($"/api/feature-store/entities/{entity.Name}", await s.CreateEntityAsync(entity, ct)));

        var views = fs.MapGroup("/views");
        views.MapGet("", async (FeatureStoreService s, CancellationToken ct) => await s.ListViewsAsync(ct));
        views.MapPost("", async (FeatureViewSpec view, FeatureStoreService s, CancellationToken ct) =>
        {
            var created = await s.CreateViewAsync(view, ct);
            return Results.Created($"/api/feature-store/views/{created.Spec.Name}/{created.Spec.Version}", created);
        });
        views.MapGet("/{name}/{version:int}", async (string name, int version, FeatureStoreService s, CancellationToken ct) => await s.GetViewAsync(name, version, ct));
        // "Refresh now": a tracked job (GET /api/jobs/{runId}); wait=true refreshes within the request instead.
        views.MapPost("/{name}/{version:int}/refresh", async (string name, int version, bool? wait, FeatureStoreService s, CancellationToken ct) =>
            wait == true
                ? Results.Ok(new { rows = await s.RefreshAsync(name, version, ct) })
                : Results.Accepted(null, new { runId = await s.EnqueueRefreshAsync(name, version, ct) }));
        views.MapPost("/{name}/{version:int}/training-uses", async (string name, int version, TrainingUseRequest use, FeatureStoreService s, CancellationToken ct) =>
        {
            await s.RecordTrainingUseAsync(name, version, use.Model, use.Version, use.TrainingSet, ct);
            return Results.NoContent();
        });

        fs.MapPost("/training-sets", async (TrainingSetRequest request, FeatureStoreService s, CancellationToken ct) =>
            await s.CreateTrainingSetAsync(request, ct));
        return app;
    }

    private static RecipeStep ParseStep(string? step) =>
        string.IsNullOrWhiteSpace(step) ? RecipeStep.FillNulls
        : Enum.TryParse<RecipeStep>(step, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
        : throw new PortalValidationException($"step '{step}' is not one of {string.Join(", ", Enum.GetNames<RecipeStep>())}.");
}
