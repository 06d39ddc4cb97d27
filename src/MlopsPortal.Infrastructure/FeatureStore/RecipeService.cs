using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>Retraining recipes: viewers read and preview, data scientists save, delete and run.</summary>
public sealed class RecipeService(RecipeStore store, RecipeRunner runner, ICurrentUser user, JobTracker jobs, TimeProvider clock)
{
    /// <summary>The Jobs page's kind for a recipe run (runs are inline, recorded by <see cref="JobTracker.RecordAsync{T}"/>).</summary>
    public const string JobKind = "recipe";

    /// <summary>The templates that ship with the portal (the lab's cleaning).</summary>
    public static IReadOnlyList<RetrainingRecipe> Templates { get; } = [LabRecipeTemplate.Recipe];

    public async Task<IReadOnlyList<StoredRecipe>> ListAsync(CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read recipes");
        return await store.ListAsync(ct);
    }

    public async Task<StoredRecipe> GetAsync(string name, CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read recipes");
        return await store.GetAsync(name, ct) ?? throw new PortalNotFoundException($"Recipe {name} does not exist.");
    }

    /// <summary>Saves (creates or replaces) after checking the recipe compiles against its source table.</summary>
    public async Task<StoredRecipe> SaveAsync(RetrainingRecipe recipe, CancellationToken ct)
    {
        UserTables.RefuseReserved(recipe);
        var me = await user.RequireAsync(Role.DataScientist, "save recipes");
        recipe = recipe.Normalized();
        await runner.PlanAsync(recipe, ct);
        await store.SaveAsync(recipe, me.UserName, clock.GetUtcNow().UtcDateTime, ct);
        return (await store.GetAsync(recipe.Name, ct))!;
    }

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        await user.RequireAsync(Role.DataScientist, "delete recipes");
        if (!await store.ExistsAsync(name, ct))
            throw new PortalNotFoundException($"Recipe {name} does not exist.");
        await store.DeleteAsync(name, ct);
    }

    public async Task<RecipePreview> PreviewAsync(RetrainingRecipe recipe, RecipeStep step, int rows, CancellationToken ct)
    {
        UserTables.RefuseReserved(recipe);
        await user.RequireAsync(Role.Viewer, "preview recipes");
        return await runner.PreviewAsync(recipe, step, rows, ct);
    }

    /// <summary>Runs a recipe as given (saved or not); when it is saved under its name, records the run.</summary>
    public async Task<long> RunAsync(RetrainingRecipe recipe, CancellationToken ct)
    {
        UserTables.RefuseReserved(recipe);
        var me = await user.RequireAsync(Role.DataScientist, "run recipes");
        var rows = await jobs.RecordAsync(JobKind, $"Run recipe {recipe.Name} into {recipe.OutputTable}", me.UserName,
            token => runner.RunAsync(recipe, token), n => $"{n:N0} rows written to {recipe.OutputTable}", ct);
        if (await store.ExistsAsync(recipe.Name, ct))
            await store.MarkRunAsync(recipe.Name, rows, clock.GetUtcNow().UtcDateTime, ct);
        return rows;
    }

    public async Task<long> RunSavedAsync(string name, CancellationToken ct) => await RunAsync((await GetAsync(name, ct)).Recipe, ct);

    /// <summary>
    /// The one-hot levels the recipe finds in its source table now (for registering a version with the recipe); null when
    /// the source is gone or no longer fits the recipe (the levels then come from the feature names).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>?> TryLevelsAsync(RetrainingRecipe recipe, CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read recipes");
        try
        {
            return await runner.LevelsAsync(recipe, ct);
        }
        catch (PortalValidationException)
        {
            return null;
        }
    }

    /// <summary>Records that the recipe produced a model version (it is stored with the version it produces).</summary>
    public async Task<StoredRecipe> RecordVersionAsync(string name, string model, string version, CancellationToken ct)
    {
        var stored = await GetAsync(name, ct);
        return await SaveAsync(stored.Recipe with { Model = model, Version = version }, ct);
    }
}
