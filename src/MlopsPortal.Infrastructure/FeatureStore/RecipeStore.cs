using System.Text.Json;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.FeatureStore.FeatureStoreMigrations;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>A stored recipe with when it was saved and last run.</summary>
public sealed record StoredRecipe(RetrainingRecipe Recipe, DateTime UpdatedAt, string? UpdatedBy, DateTime? LastRunAt, long? LastRunRows);

/// <summary>PORTAL_RECIPES: one row per recipe, the recipe itself as JSON.</summary>
public sealed class RecipeStore(IWarehouse warehouse)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string T => warehouse.Dialect.QuoteOwn(RecipesTable);

    public async Task<bool> ExistsAsync(string name, CancellationToken ct) =>
        await warehouse.ScalarAsync<long>($"SELECT COUNT(*)::BIGINT FROM {T} WHERE NAME = $name", new { name }, ct) > 0;

    public Task SaveAsync(RetrainingRecipe recipe, string? by, DateTime now, CancellationToken ct) =>
        warehouse.InTransactionAsync(async s =>
        {
            // An update keeps the record of the last run; a new name inserts.
            var values = new { name = recipe.Name, spec = JsonSerializer.Serialize(recipe, Json), now, by };
            var exists = await s.ScalarAsync<long>($"SELECT COUNT(*)::BIGINT FROM {T} WHERE NAME = $name", new { name = recipe.Name }, ct) > 0;
            return await s.ExecuteAsync(exists
                ? $"UPDATE {T} SET SPEC = $spec, UPDATED_AT = $now, UPDATED_BY = $by WHERE NAME = $name"
                : $"INSERT INTO {T} (NAME, SPEC, UPDATED_AT, UPDATED_BY) VALUES ($name, $spec, $now, $by)", values, ct);
        }, ct);

    public async Task<StoredRecipe?> GetAsync(string name, CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>($"SELECT * FROM {T} WHERE NAME = $name", new { name }, ct)).Select(ToStored).FirstOrDefault();

    public async Task<IReadOnlyList<StoredRecipe>> ListAsync(CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>($"SELECT * FROM {T} ORDER BY NAME", ct: ct)).Select(ToStored).ToList();

    public Task DeleteAsync(string name, CancellationToken ct) =>
        warehouse.ExecuteAsync($"DELETE FROM {T} WHERE NAME = $name", new { name }, ct);

    public Task MarkRunAsync(string name, long rows, DateTime at, CancellationToken ct) =>
        warehouse.ExecuteAsync($"UPDATE {T} SET LAST_RUN_AT = $at, LAST_RUN_ROWS = $rows WHERE NAME = $name", new { name, rows, at }, ct);

    private static StoredRecipe ToStored(Row r) =>
        new(JsonSerializer.Deserialize<RetrainingRecipe>(r.SPEC, Json)!, r.UPDATED_AT, r.UPDATED_BY, r.LAST_RUN_AT, r.LAST_RUN_ROWS);

#pragma warning disable IDE1006, CA1707 // column names
    private sealed class Row
    {
        public string SPEC { get; set; } = "";
        public DateTime UPDATED_AT { get; set; }
        public string? UPDATED_BY { get; set; }
        public DateTime? LAST_RUN_AT { get; set; }
        public long? LAST_RUN_ROWS { get; set; }
    }
#pragma warning restore IDE1006, CA1707
}
