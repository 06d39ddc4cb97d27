using System.Text.Json;
using System.Text.Json.Serialization;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Runs;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>PORTAL_SCORING_RUNS joined with the job run that carries status and progress.</summary>
public sealed class ScoringRunStore(IWarehouse warehouse)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Records the run with the next place in its output's queue (<c>OUTPUT_SEQ</c>): one statement, so the number is
    /// taken from what the warehouse holds. Two instances inserting at the same instant may draw the same number; the
    /// run id breaks that tie, so every instance still agrees on one order (<see cref="ScoringRunOrder"/>).
    /// </summary>
    public Task CreateAsync(Guid id, ScoringRunSpec spec, ScoringExecution execution, PortalPrincipal by, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            """
            INSERT INTO PORTAL_SCORING_RUNS (ID, MODEL, VERSION_OR_ALIAS, SOURCE_TABLE, OUTPUT_TABLE, SPEC_JSON, EXECUTION, CREATED_BY, CREATED_ROLE, CREATED_AT, OUTPUT_SEQ)
            SELECT $id, $model, $va, $source, $output, $spec, $execution, $by, $role, $at, COALESCE(MAX(OUTPUT_SEQ), 0) + 1
            FROM PORTAL_SCORING_RUNS WHERE UPPER(OUTPUT_TABLE) = UPPER($output)
            """,
            new
            {
                id = id.ToString(), model = spec.Model, va = spec.VersionOrAlias, source = spec.Source, output = spec.Output,
                spec = JsonSerializer.Serialize(spec, Json), execution = execution.ToString(), by = by.UserName, role = by.Role.ToString(),
                at = DateTime.UtcNow,
            }, ct);

    public Task RecordResolvedAsync(Guid id, string version, CancellationToken ct) =>
        warehouse.ExecuteAsync("UPDATE PORTAL_SCORING_RUNS SET RESOLVED_VERSION = $version WHERE ID = $id", new { id = id.ToString(), version }, ct);

    public Task RecordResultAsync(Guid id, long rows, IReadOnlyDictionary<string, long> unseen, CancellationToken ct) =>
        warehouse.ExecuteAsync("UPDATE PORTAL_SCORING_RUNS SET ROWS_WRITTEN = $rows, UNSEEN_JSON = $unseen WHERE ID = $id",
            new { id = id.ToString(), rows, unseen = JsonSerializer.Serialize(unseen, Json) }, ct);

    public async Task<(ScoringRun Run, PortalPrincipal By)?> GetAsync(Guid id, CancellationToken ct) =>
        await Runs.GetAsync(warehouse, id, ct) is { } row ? (row.ToRun(), row.Principal()) : null;

    public async Task<IReadOnlyList<ScoringRun>> ListAsync(int limit, CancellationToken ct) =>
        (await Runs.ListAsync(warehouse, limit, ct)).Select(r => r.ToRun()).ToList();

    private static readonly JobRunReader<Row> Runs = new(
        ScoringMigrations.RunsTable, "r.SPEC_JSON, r.RESOLVED_VERSION, r.EXECUTION, r.ROWS_WRITTEN, r.UNSEEN_JSON");

    private sealed class Row : JobRunRow
    {
        public string SPEC_JSON { get; set; } = "";
        public string? RESOLVED_VERSION { get; set; }
        public string EXECUTION { get; set; } = "";
        public long? ROWS_WRITTEN { get; set; }
        public string? UNSEEN_JSON { get; set; }

        public ScoringRun ToRun() => new(
            RunId(),
            JsonSerializer.Deserialize<ScoringRunSpec>(SPEC_JSON, Json)!,
            RESOLVED_VERSION,
            Enum.Parse<ScoringExecution>(EXECUTION),
            RunStatus(),
            RunProgress(),
            ROWS_WRITTEN,
            UNSEEN_JSON is null ? new Dictionary<string, long>() : JsonSerializer.Deserialize<Dictionary<string, long>>(UNSEEN_JSON, Json)!,
            ERROR,
            CREATED_BY,
            CreatedAtUtc(),
            StartedAtUtc(),
            FinishedAtUtc());
    }
}
