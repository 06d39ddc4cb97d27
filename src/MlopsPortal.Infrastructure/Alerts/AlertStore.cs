using System.Text.Json;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Alerts.AlertMigrations;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>PORTAL_ALERTS (spec as JSON) and PORTAL_ALERT_HISTORY.</summary>
public sealed class AlertStore(IWarehouse warehouse)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string T(string table) => warehouse.Dialect.QuoteOwn(table);

    public async Task InsertAsync(AlertSpec spec, string? by, bool replace, DateTime now, CancellationToken ct) =>
        await warehouse.InTransactionAsync(async s =>
        {
            var exists = await s.ScalarAsync<long>($"SELECT COUNT(*)::BIGINT FROM {T(AlertsTable)} WHERE NAME = $name", new { name = spec.Name }, ct) > 0;
            if (exists && !replace)
                throw new PortalValidationException($"An alert named {spec.Name} already exists; pass replace=true to recreate it.");
            await s.ExecuteAsync($"DELETE FROM {T(AlertsTable)} WHERE NAME = $name", new { name = spec.Name }, ct);
            await s.ExecuteAsync(
                $"INSERT INTO {T(AlertsTable)} (NAME, MONITOR, SPEC, STATE, CREATED_AT, CREATED_BY) VALUES ($name, $monitor, $spec, $state, $now, $by)",
                new { name = spec.Name, monitor = spec.Monitor, spec = JsonSerializer.Serialize(spec, Json), state = AlertState.Suspended.ToString(), now, by }, ct);
            return 0;
        }, ct);

    /// <summary>Replaces an alert's rule (an edit): its state, history and last notified breach stay.</summary>
    public Task UpdateSpecAsync(AlertSpec spec, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            $"UPDATE {T(AlertsTable)} SET MONITOR = $monitor, SPEC = $spec WHERE NAME = $name",
            new { name = spec.Name, monitor = spec.Monitor, spec = JsonSerializer.Serialize(spec, Json) }, ct);

    public async Task<AlertInfo?> GetAsync(string name, CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>($"SELECT * FROM {T(AlertsTable)} WHERE NAME = $name", new { name }, ct)).Select(ToInfo).FirstOrDefault();

    public async Task<IReadOnlyList<AlertInfo>> ListAsync(CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>($"SELECT * FROM {T(AlertsTable)} ORDER BY NAME", ct: ct)).Select(ToInfo).ToList();

    public Task SetStateAsync(string name, AlertState state, CancellationToken ct) =>
        warehouse.ExecuteAsync($"UPDATE {T(AlertsTable)} SET STATE = $state WHERE NAME = $name", new { name, state = state.ToString() }, ct);

    public Task<string?> LastNotifiedKeyAsync(string name, CancellationToken ct) =>
        warehouse.ScalarAsync<string>($"SELECT LAST_NOTIFIED_KEY FROM {T(AlertsTable)} WHERE NAME = $name", new { name }, ct);

    public Task SetLastNotifiedKeyAsync(string name, string? key, CancellationToken ct) =>
        warehouse.ExecuteAsync($"UPDATE {T(AlertsTable)} SET LAST_NOTIFIED_KEY = $key WHERE NAME = $name", new { name, key }, ct);

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        await warehouse.ExecuteAsync($"DELETE FROM {T(HistoryTable)} WHERE ALERT = $name", new { name }, ct);
        await warehouse.ExecuteAsync($"DELETE FROM {T(AlertsTable)} WHERE NAME = $name", new { name }, ct);
    }

    public Task AddHistoryAsync(AlertHistoryEntry e, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            $"INSERT INTO {T(HistoryTable)} VALUES ($id, $alert, $at, $by, $fired, $summary, $breaches, $notified, $delivery, $delivered, $attempts)",
            new
            {
                id = e.Id, alert = e.Alert, at = e.EvaluatedAt, by = e.TriggeredBy, fired = e.Fired, summary = e.Summary,
                breaches = JsonSerializer.Serialize(e.Breaches, Json), notified = e.Notified, delivery = e.Delivery, delivered = e.Delivered, attempts = (long)e.Attempts,
            }, ct);

    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(string name, int limit, CancellationToken ct) =>
        (await warehouse.QueryAsync<HistoryRow>($"SELECT * FROM {T(HistoryTable)} WHERE ALERT = $name ORDER BY EVALUATED_AT DESC LIMIT {Math.Clamp(limit, 1, 1000)}", new { name }, ct))
            .Select(h => new AlertHistoryEntry(h.ID, h.ALERT, h.EVALUATED_AT, h.TRIGGERED_BY, h.FIRED, h.SUMMARY,
                JsonSerializer.Deserialize<List<MetricPoint>>(h.BREACHES, Json) ?? [], h.NOTIFIED, h.DELIVERY, h.DELIVERED, (int)h.ATTEMPTS))
            .ToList();

    private static AlertInfo ToInfo(Row r) =>
        new(JsonSerializer.Deserialize<AlertSpec>(r.SPEC, Json)!, Enum.Parse<AlertState>(r.STATE), r.CREATED_AT, r.CREATED_BY);

#pragma warning disable IDE1006, CA1707 // column names
    private sealed class Row
    {
        public string SPEC { get; set; } = "";
        public string STATE { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? CREATED_BY { get; set; }
    }

    private sealed class HistoryRow
    {
        public string ID { get; set; } = "";
        public string ALERT { get; set; } = "";
        public DateTime EVALUATED_AT { get; set; }
        public string TRIGGERED_BY { get; set; } = "";
        public bool FIRED { get; set; }
        public string SUMMARY { get; set; } = "";
        public string BREACHES { get; set; } = "[]";
        public string? NOTIFIED { get; set; }
        public string? DELIVERY { get; set; }
        public bool DELIVERED { get; set; }
        public long ATTEMPTS { get; set; }
    }
#pragma warning restore IDE1006, CA1707
}
