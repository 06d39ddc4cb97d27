using System.Text.Json;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.FeatureStore.FeatureStoreMigrations;

namespace MlopsPortal.Infrastructure.FeatureStore;

public sealed record StoredEntity(EntitySpec Spec, DateTime CreatedAt, string? CreatedBy);

public sealed record StoredFeatureView(FeatureViewSpec Spec, DateTime CreatedAt, string? CreatedBy, DateTime? RefreshedAt, long? Rows);

/// <summary>A model version trained on a feature view (lineage, newest first).</summary>
public sealed record TrainingUse(string ViewTable, string Model, string Version, string? TrainingSet, DateTime RecordedAt, string? RecordedBy);

/// <summary>PORTAL_FS_ENTITIES, PORTAL_FS_VIEWS (specs as JSON) and PORTAL_FS_TRAINING_USES.</summary>
public sealed class FeatureStoreStore(IWarehouse warehouse)
{
    private static JsonSerializerOptions Json => RecipeStore.Json;

    private string T(string table) => warehouse.Dialect.QuoteOwn(table);

    public Task SaveEntityAsync(EntitySpec spec, string? by, DateTime now, CancellationToken ct) =>
        warehouse.InTransactionAsync(async s =>
        {
            await s.ExecuteAsync($"DELETE FROM {T(EntitiesTable)} WHERE NAME = $name", new { name = spec.Name }, ct);
            return await s.ExecuteAsync($"INSERT INTO {T(EntitiesTable)} VALUES ($name, $spec, $now, $by)",
                new { name = spec.Name, spec = JsonSerializer.Serialize(spec, Json), now, by }, ct);
        }, ct);

    public async Task<IReadOnlyList<StoredEntity>> ListEntitiesAsync(CancellationToken ct) =>
        (await warehouse.QueryAsync<EntityRow>($"SELECT * FROM {T(EntitiesTable)} ORDER BY NAME", ct: ct))
            .Select(r => new StoredEntity(JsonSerializer.Deserialize<EntitySpec>(r.SPEC, Json)!, r.CREATED_AT, r.CREATED_BY)).ToList();

    public Task SaveViewAsync(FeatureViewSpec spec, string? by, DateTime now, CancellationToken ct) =>
        warehouse.InTransactionAsync(async s =>
        {
            await s.ExecuteAsync($"DELETE FROM {T(ViewsTable)} WHERE TABLE_NAME = $t", new { t = spec.TableName }, ct);
            return await s.ExecuteAsync(
                $"INSERT INTO {T(ViewsTable)} (TABLE_NAME, NAME, VERSION, SPEC, CREATED_AT, CREATED_BY) VALUES ($t, $name, $version, $spec, $now, $by)",
                new { t = spec.TableName, name = spec.Name, version = (long)spec.Version, spec = JsonSerializer.Serialize(spec, Json), now, by }, ct);
        }, ct);

    public async Task<IReadOnlyList<StoredFeatureView>> ListViewsAsync(CancellationToken ct) =>
        (await warehouse.QueryAsync<ViewRow>($"SELECT * FROM {T(ViewsTable)} ORDER BY NAME, VERSION", ct: ct)).Select(ToView).ToList();

    public async Task<StoredFeatureView?> GetViewAsync(string name, int version, CancellationToken ct) =>
        (await warehouse.QueryAsync<ViewRow>($"SELECT * FROM {T(ViewsTable)} WHERE TABLE_NAME = $t", new { t = FeatureViewNames.Table(name, version) }, ct))
            .Select(ToView).FirstOrDefault();

    public Task MarkRefreshedAsync(string table, long rows, DateTime at, CancellationToken ct) =>
        warehouse.ExecuteAsync($"UPDATE {T(ViewsTable)} SET REFRESHED_AT = $at, ROWS_MATERIALIZED = $rows WHERE TABLE_NAME = $table", new { table, rows, at }, ct);

    public Task AddTrainingUseAsync(TrainingUse use, CancellationToken ct) =>
        warehouse.ExecuteAsync($"INSERT INTO {T(TrainingUsesTable)} VALUES ($view, $model, $version, $set, $at, $by)",
            new { view = use.ViewTable, model = use.Model, version = use.Version, set = use.TrainingSet, at = use.RecordedAt, by = use.RecordedBy }, ct);

    public async Task<IReadOnlyList<TrainingUse>> TrainingUsesAsync(string viewTable, CancellationToken ct) =>
        (await warehouse.QueryAsync<UseRow>($"SELECT * FROM {T(TrainingUsesTable)} WHERE VIEW_TABLE = $viewTable ORDER BY RECORDED_AT DESC", new { viewTable }, ct))
            .Select(u => new TrainingUse(u.VIEW_TABLE, u.MODEL, u.VERSION, u.TRAINING_SET, u.RECORDED_AT, u.RECORDED_BY)).ToList();

    /// <summary>The views <paramref name="model"/> <paramref name="version"/> was recorded as trained on, newest first.</summary>
    public async Task<IReadOnlyList<TrainingUse>> TrainingUsesOfVersionAsync(string model, string version, CancellationToken ct) =>
        (await warehouse.QueryAsync<UseRow>(
            $"SELECT * FROM {T(TrainingUsesTable)} WHERE upper(MODEL) = upper($model) AND upper(VERSION) = upper($version) ORDER BY RECORDED_AT DESC",
            new { model, version }, ct))
            .Select(u => new TrainingUse(u.VIEW_TABLE, u.MODEL, u.VERSION, u.TRAINING_SET, u.RECORDED_AT, u.RECORDED_BY)).ToList();

    private static StoredFeatureView ToView(ViewRow r) =>
        new(JsonSerializer.Deserialize<FeatureViewSpec>(r.SPEC, Json)!, r.CREATED_AT, r.CREATED_BY, r.REFRESHED_AT, r.ROWS_MATERIALIZED);

#pragma warning disable IDE1006, CA1707 // column names
    private sealed class EntityRow
    {
        public string SPEC { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? CREATED_BY { get; set; }
    }

    private sealed class ViewRow
    {
        public string SPEC { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? CREATED_BY { get; set; }
        public DateTime? REFRESHED_AT { get; set; }
        public long? ROWS_MATERIALIZED { get; set; }
    }

    private sealed class UseRow
    {
        public string VIEW_TABLE { get; set; } = "";
        public string MODEL { get; set; } = "";
        public string VERSION { get; set; } = "";
        public string? TRAINING_SET { get; set; }
        public DateTime RECORDED_AT { get; set; }
        public string? RECORDED_BY { get; set; }
    }
#pragma warning restore IDE1006, CA1707
}
