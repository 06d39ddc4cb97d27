using System.Text.Json;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Monitoring.Monitors.MonitoringMigrations;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>The monitors' rows in PORTAL_MONITORS (spec as JSON) and the removal of their metrics.</summary>
public sealed class MonitorStore(IWarehouse warehouse)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string T(string table) => warehouse.Dialect.QuoteOwn(table);

    /// <summary>Inserts the monitor; with <paramref name="replace"/> an existing monitor of the same name (and its metrics) is dropped first.</summary>
    public async Task InsertAsync(MonitorSpec spec, string? createdBy, bool replace, DateTime now, CancellationToken ct)
    {
        await warehouse.InTransactionAsync(async s =>
        {
            var holder = await s.ScalarAsync<string>(
                $"SELECT NAME FROM {T(MonitorsTable)} WHERE MODEL = $model AND VERSION = $version", new { model = spec.Model, version = spec.Version }, ct);
            if (holder is not null && holder != spec.Name)
                throw new PortalValidationException($"Model {spec.Model} version {spec.Version} already has a monitor ({holder}); one monitor per version.");
            var exists = await s.ScalarAsync<long>($"SELECT COUNT(*)::BIGINT FROM {T(MonitorsTable)} WHERE NAME = $name", new { name = spec.Name }, ct) > 0;
            if (exists && !replace)
                throw new PortalValidationException($"A monitor named {spec.Name} already exists; pass replace=true to recreate it.");
            if (exists)
                await DeleteRowsAsync(s, spec.Name, ct);
            await s.ExecuteAsync(
                $"INSERT INTO {T(MonitorsTable)} (NAME, MODEL, VERSION, SPEC, STATE, CREATED_AT, CREATED_BY) VALUES ($name, $model, $version, $spec, $state, $now, $by)",
                new { name = spec.Name, model = spec.Model, version = spec.Version, spec = JsonSerializer.Serialize(spec, Json), state = MonitorState.Active.ToString(), now, by = createdBy },
                ct);
            return 0;
        }, ct);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken ct) =>
        await warehouse.InTransactionAsync(s => DeleteRowsAsync(s, name, ct), ct);

    private async Task<bool> DeleteRowsAsync(IWarehouseSession s, string name, CancellationToken ct)
    {
        await s.ExecuteAsync($"DELETE FROM {T(MetricsTable)} WHERE MONITOR = $name", new { name }, ct);
        await s.ExecuteAsync($"DELETE FROM {T(WindowsTable)} WHERE MONITOR = $name", new { name }, ct);
        return await s.ExecuteAsync($"DELETE FROM {T(MonitorsTable)} WHERE NAME = $name", new { name }, ct) > 0;
    }

    public async Task<MonitorInfo?> GetAsync(string name, CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>($"SELECT * FROM {T(MonitorsTable)} WHERE NAME = $name", new { name }, ct)).Select(ToInfo).FirstOrDefault();

    public async Task<IReadOnlyList<MonitorInfo>> ListAsync(CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>($"SELECT * FROM {T(MonitorsTable)} ORDER BY NAME", ct: ct)).Select(ToInfo).ToList();

    public async Task<int> CountNamedAsync(string name, CancellationToken ct) =>
        (int)await warehouse.ScalarAsync<long>($"SELECT COUNT(*)::BIGINT FROM {T(MonitorsTable)} WHERE NAME = $name", new { name = name.ToUpperInvariant() }, ct);

    public async Task<bool> SetStateAsync(string name, MonitorState state, CancellationToken ct) =>
        await warehouse.ExecuteAsync($"UPDATE {T(MonitorsTable)} SET STATE = $state WHERE NAME = $name", new { name, state = state.ToString() }, ct) > 0;

    public async Task<string?> RefreshContextAsync(string name, CancellationToken ct) =>
        await warehouse.ScalarAsync<string>($"SELECT REFRESH_CONTEXT FROM {T(MonitorsTable)} WHERE NAME = $name", new { name }, ct);

    public Task RecordRefreshAsync(string name, DateTime at, string message, CancellationToken ct) =>
        warehouse.ExecuteAsync($"UPDATE {T(MonitorsTable)} SET LAST_REFRESH_AT = $at, LAST_REFRESH_MESSAGE = $message WHERE NAME = $name", new { name, at, message }, ct);

    private static MonitorInfo ToInfo(Row r) => new(
        JsonSerializer.Deserialize<MonitorSpec>(r.SPEC, Json)!,
        Enum.Parse<MonitorState>(r.STATE),
        r.CREATED_AT,
        r.CREATED_BY,
        r.LAST_REFRESH_AT,
        r.LAST_REFRESH_MESSAGE);

#pragma warning disable IDE1006, CA1707 // column names
    private sealed class Row
    {
        public string NAME { get; set; } = "";
        public string SPEC { get; set; } = "";
        public string STATE { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? CREATED_BY { get; set; }
        public DateTime? LAST_REFRESH_AT { get; set; }
        public string? LAST_REFRESH_MESSAGE { get; set; }
    }
#pragma warning restore IDE1006, CA1707
}
