using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>The first rows after one step of a recipe: column names and values (nothing was written).</summary>
public sealed record RecipePreview(RecipeStep Step, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// Compiles and runs recipes in the warehouse (no role checks: callers are <see cref="RecipeService"/> and the
/// feature-view refresh, which have checked already). The one-hot levels are read from the cleaned data each time.
/// </summary>
public sealed class RecipeRunner(IWarehouse warehouse)
{
    public async Task<RecipePlan> PlanAsync(RetrainingRecipe recipe, CancellationToken ct)
    {
        recipe = recipe.Normalized();
        RecipeValidator.Validate(recipe);
        var source = await warehouse.DescribeTableAsync(recipe.SourceTable, ct)
            ?? throw new PortalValidationException($"Source table {recipe.SourceTable} does not exist.");
        return RecipeCompiler.Compile(recipe, source.Columns, await LevelsAsync(recipe, source, ct), warehouse.Dialect);
    }

    /// <summary>The one-hot levels of the recipe: the distinct cleaned values of each one-hot column in its source table.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LevelsAsync(RetrainingRecipe recipe, CancellationToken ct)
    {
        recipe = recipe.Normalized();
        RecipeValidator.Validate(recipe);
        var source = await warehouse.DescribeTableAsync(recipe.SourceTable, ct)
            ?? throw new PortalValidationException($"Source table {recipe.SourceTable} does not exist.");
        return await LevelsAsync(recipe, source, ct);
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LevelsAsync(RetrainingRecipe recipe, TableInfo source, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var cleaned = RecipeCompiler.Clean(recipe, source.Columns, d);
        var levels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in recipe.OneHotColumns)
        {
            var q = RecipeCompiler.LevelsQuery(cleaned, column, d);
            levels[column] = await warehouse.QueryAsync<string>(q.Sql, q.Parameters, ct);
        }
        return levels;
    }

    public async Task<RecipePreview> PreviewAsync(RetrainingRecipe recipe, RecipeStep step, int rows, CancellationToken ct)
    {
        var plan = await PlanAsync(recipe, ct);
        var query = plan.Steps[step].Limit(rows);
        var columns = new List<string>();
        var values = new List<object?[]>();
        await foreach (var batch in warehouse.StreamAsync(query.Sql, query.Parameters, Math.Clamp(rows, 1, 1000), ct))
        {
            if (columns.Count == 0)
                columns.AddRange(batch.Columns);
            values.AddRange(batch.Rows);
        }

        return new RecipePreview(step, columns, values);
    }

    /// <summary>Writes the output table (CREATE OR REPLACE: a rerun replaces it whole) and returns its row count.</summary>
    public async Task<long> RunAsync(RetrainingRecipe recipe, CancellationToken ct)
    {
        var plan = await PlanAsync(recipe, ct);
        recipe = recipe.Normalized();
        await warehouse.ExecuteAsync(plan.CreateOutput.Sql, plan.CreateOutput.Parameters, ct);
        return await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {warehouse.Dialect.Quote(recipe.OutputTable)}", ct: ct);
    }
}
