using System.Text.Json;
using System.Text.Json.Serialization;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>PORTAL_TRAINING_RUNS joined with the job run that carries status and progress.</summary>
public sealed class TrainingRunStore(IWarehouse warehouse)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task CreateAsync(Guid id, TrainingRunSpec spec, PortalPrincipal by, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            $"""
            INSERT INTO {RetrainingMigrations.RunsTable} (ID, MODEL, VERSION, TRAINING_TABLE, SPEC_JSON, CREATED_BY, CREATED_ROLE, CREATED_AT)
            VALUES ($id, $model, $version, $table, $spec, $by, $role, $at)
            """,
            new
            {
                id = id.ToString(), model = spec.Model, version = spec.Version, table = spec.TrainingTable,
                spec = JsonSerializer.Serialize(spec, Json), by = by.UserName, role = by.Role.ToString(), at = DateTime.UtcNow,
            }, ct);

    public Task RecordResultAsync(Guid id, TrainingResult result, CancellationToken ct) =>
        warehouse.ExecuteAsync($"UPDATE {RetrainingMigrations.RunsTable} SET RESULT_JSON = $result WHERE ID = $id",
            new { id = id.ToString(), result = JsonSerializer.Serialize(result, Json) }, ct);

    public async Task<(TrainingRun Run, PortalPrincipal By)?> GetAsync(Guid id, CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<Row>(Select + " WHERE t.ID = $id", new { id = id.ToString() }, ct);
        return rows.Count == 0 ? null : (rows[0].ToRun(), rows[0].Principal());
    }

    public async Task<IReadOnlyList<TrainingRun>> ListAsync(int limit, CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<Row>(Select + $" ORDER BY t.CREATED_AT DESC LIMIT {Math.Clamp(limit, 1, 1000)}", ct: ct);
        return rows.Select(r => r.ToRun()).ToList();
    }

    private const string Select = $"""
        SELECT t.ID, t.SPEC_JSON, t.RESULT_JSON, t.CREATED_BY, t.CREATED_ROLE, t.CREATED_AT,
               j.STATUS, j.PROGRESS, j.MESSAGE, j.ERROR, j.STARTED_AT, j.FINISHED_AT
        FROM {RetrainingMigrations.RunsTable} t LEFT JOIN PORTAL_JOB_RUNS j ON j.ID = t.ID
        """;

    private sealed class Row
    {
        public string ID { get; set; } = "";
        public string SPEC_JSON { get; set; } = "";
        public string? RESULT_JSON { get; set; }
        public string? CREATED_BY { get; set; }
        public string CREATED_ROLE { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? STATUS { get; set; }
        public double? PROGRESS { get; set; }
        public string? MESSAGE { get; set; }
        public string? ERROR { get; set; }
        public DateTime? STARTED_AT { get; set; }
        public DateTime? FINISHED_AT { get; set; }

        public TrainingRun ToRun() => new(
            Guid.Parse(ID),
            JsonSerializer.Deserialize<TrainingRunSpec>(SPEC_JSON, Json)!,
            STATUS is null ? JobStatus.Queued : Enum.Parse<JobStatus>(STATUS),
            PROGRESS ?? 0,
            MESSAGE,
            ERROR,
            RESULT_JSON is null ? null : JsonSerializer.Deserialize<TrainingResult>(RESULT_JSON, Json),
            CREATED_BY,
            Utc(CREATED_AT)!.Value,
            Utc(STARTED_AT),
            Utc(FINISHED_AT));

        public PortalPrincipal Principal() => new(CREATED_BY ?? "system", Roles.TryParse(CREATED_ROLE, out var r) ? r : Role.Viewer);

        private static DateTime? Utc(DateTime? t) => t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
    }
}
