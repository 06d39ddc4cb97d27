using System.Text.Json;
using System.Text.Json.Serialization;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>PORTAL_SCORING_RUNS joined with the job run that carries status and progress.</summary>
public sealed class ScoringRunStore(IWarehouse warehouse)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task CreateAsync(Guid id, ScoringRunSpec spec, ScoringExecution execution, PortalPrincipal by, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            """
            INSERT INTO PORTAL_SCORING_RUNS (ID, MODEL, VERSION_OR_ALIAS, SOURCE_TABLE, OUTPUT_TABLE, SPEC_JSON, EXECUTION, CREATED_BY, CREATED_ROLE, CREATED_AT)
            VALUES ($id, $model, $va, $source, $output, $spec, $execution, $by, $role, $at)
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

    public async Task<(ScoringRun Run, PortalPrincipal By)?> GetAsync(Guid id, CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<Row>(Select + " WHERE s.ID = $id", new { id = id.ToString() }, ct);
        return rows.Count == 0 ? null : (rows[0].ToRun(), rows[0].Principal());
    }

    public async Task<IReadOnlyList<ScoringRun>> ListAsync(int limit, CancellationToken ct)
    {
        var rows = await warehouse.QueryAsync<Row>(Select + $" ORDER BY s.CREATED_AT DESC LIMIT {Math.Clamp(limit, 1, 1000)}", ct: ct);
        return rows.Select(r => r.ToRun()).ToList();
    }

    private const string Select = """
        SELECT s.ID, s.SPEC_JSON, s.RESOLVED_VERSION, s.EXECUTION, s.ROWS_WRITTEN, s.UNSEEN_JSON, s.CREATED_BY, s.CREATED_ROLE, s.CREATED_AT,
               j.STATUS, j.PROGRESS, j.ERROR, j.STARTED_AT, j.FINISHED_AT
        FROM PORTAL_SCORING_RUNS s LEFT JOIN PORTAL_JOB_RUNS j ON j.ID = s.ID
        """;

    private sealed class Row
    {
        public string ID { get; set; } = "";
        public string SPEC_JSON { get; set; } = "";
        public string? RESOLVED_VERSION { get; set; }
        public string EXECUTION { get; set; } = "";
        public long? ROWS_WRITTEN { get; set; }
        public string? UNSEEN_JSON { get; set; }
        public string? CREATED_BY { get; set; }
        public string CREATED_ROLE { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? STATUS { get; set; }
        public double? PROGRESS { get; set; }
        public string? ERROR { get; set; }
        public DateTime? STARTED_AT { get; set; }
        public DateTime? FINISHED_AT { get; set; }

        public ScoringRun ToRun() => new(
            Guid.Parse(ID),
            JsonSerializer.Deserialize<ScoringRunSpec>(SPEC_JSON, Json)!,
            RESOLVED_VERSION,
            Enum.Parse<ScoringExecution>(EXECUTION),
            STATUS is null ? JobStatus.Queued : Enum.Parse<JobStatus>(STATUS),
            PROGRESS ?? 0,
            ROWS_WRITTEN,
            UNSEEN_JSON is null ? new Dictionary<string, long>() : JsonSerializer.Deserialize<Dictionary<string, long>>(UNSEEN_JSON, Json)!,
            ERROR,
            CREATED_BY,
            Utc(CREATED_AT)!.Value,
            Utc(STARTED_AT),
            Utc(FINISHED_AT));

        public PortalPrincipal Principal() => new(CREATED_BY ?? "system", Roles.TryParse(CREATED_ROLE, out var r) ? r : Role.Viewer);

        private static DateTime? Utc(DateTime? t) => t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
    }
}
