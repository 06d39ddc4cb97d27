using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>
/// Materializes a feature view as NAME$VERSION: runs its recipe first when it reads one, then replaces the table whole
/// (CREATE OR REPLACE, so a retried refresh never duplicates rows). No role checks: the service and the job call it.
/// </summary>
public sealed class FeatureViewMaterializer(IWarehouse warehouse, FeatureStoreStore store, RecipeStore recipes, RecipeRunner runner, TimeProvider clock)
{
    public async Task<long> RefreshAsync(string name, int version, IJobProgress? progress, CancellationToken ct)
    {
        var view = await store.GetViewAsync(name, version, ct)
            ?? throw new PortalNotFoundException($"Feature view {FeatureViewNames.Table(name, version)} does not exist.");
        var spec = view.Spec;
        var source = spec.SourceTable;
        if (spec.Recipe is not null)
        {
            var recipe = await recipes.GetAsync(spec.Recipe, ct)
                ?? throw new PortalValidationException($"Feature view {spec.TableName} reads recipe {spec.Recipe}, which does not exist.");
            if (progress is not null)
                await progress.ReportAsync(0.1, $"Running recipe {spec.Recipe}");
            var recipeRows = await runner.RunAsync(recipe.Recipe, ct);
            await recipes.MarkRunAsync(spec.Recipe, recipeRows, clock.GetUtcNow().UtcDateTime, ct);
            source = recipe.Recipe.OutputTable;
        }

        if (progress is not null)
            await progress.ReportAsync(0.5, $"Materializing {spec.TableName} from {source}");
        var keys = await KeysAsync(spec, ct);
        var table = await warehouse.DescribeTableAsync(source!, ct)
            ?? throw new PortalValidationException($"Feature view {spec.TableName}: source table {source} does not exist.");
        var features = FeatureViewSql.ResolveFeatures(spec, keys, table.Columns.Select(c => c.Name).ToList(), source!);
        await warehouse.ExecuteAsync(FeatureViewSql.Materialize(spec, keys, features, source!, warehouse.Dialect), ct: ct);
        var rows = await warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {warehouse.Dialect.Quote(spec.TableName)}", ct: ct);
        await store.MarkRefreshedAsync(spec.TableName, rows, clock.GetUtcNow().UtcDateTime, ct);
        return rows;
    }

    /// <summary>The join keys of the view's entities, in order, without repeats.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(FeatureViewSpec spec, CancellationToken ct)
    {
        var entities = (await store.ListEntitiesAsync(ct)).ToDictionary(e => e.Spec.Name, StringComparer.OrdinalIgnoreCase);
        var keys = new List<string>();
        foreach (var name in spec.Entities)
        {
            if (!entities.TryGetValue(name, out var entity))
                throw new PortalValidationException($"Feature view {spec.TableName} names entity {name}, which does not exist.");
            keys.AddRange(entity.Spec.JoinKeys.Where(k => !keys.Contains(k, StringComparer.OrdinalIgnoreCase)));
        }

        return keys;
    }
}
