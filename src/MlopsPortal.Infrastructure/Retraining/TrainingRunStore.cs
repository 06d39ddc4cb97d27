using System.Text.Json;
using System.Text.Json.Serialization;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Runs;

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

    public async Task<(TrainingRun Run, PortalPrincipal By)?> GetAsync(Guid id, CancellationToken ct) =>
        await Runs.GetAsync(warehouse, id, ct) is { } row ? (row.ToRun(), row.Principal()) : null;

    public async Task<IReadOnlyList<TrainingRun>> ListAsync(int limit, CancellationToken ct) =>
        (await Runs.ListAsync(warehouse, limit, ct)).Select(r => r.ToRun()).ToList();

    private static readonly JobRunReader<Row> Runs = new(RetrainingMigrations.RunsTable, "r.SPEC_JSON, r.RESULT_JSON");

    private sealed class Row : JobRunRow
    {
        public string SPEC_JSON { get; set; } = "";
        public string? RESULT_JSON { get; set; }

        public TrainingRun ToRun() => new(
            RunId(),
            JsonSerializer.Deserialize<TrainingRunSpec>(SPEC_JSON, Json)!,
            RunStatus(),
            RunProgress(),
            MESSAGE,
            ERROR,
            RESULT_JSON is null ? null : JsonSerializer.Deserialize<TrainingResult>(RESULT_JSON, Json),
            CREATED_BY,
            CreatedAtUtc(),
            StartedAtUtc(),
            FinishedAtUtc());
    }
}
