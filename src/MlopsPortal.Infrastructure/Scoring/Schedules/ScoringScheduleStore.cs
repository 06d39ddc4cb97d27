using System.Text.Json;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring.Schedules;

/// <summary>PORTAL_SCORING_SCHEDULES.</summary>
public sealed class ScoringScheduleStore(IWarehouse warehouse)
{
    public Task CreateAsync(ScoringSchedule s, CancellationToken ct) =>
        warehouse.ExecuteAsync(
            """
            INSERT INTO PORTAL_SCORING_SCHEDULES (NAME, CRON, TIME_ZONE, SPEC_JSON, PAUSED, OWNER, OWNER_ROLE, CREATED_AT)
            VALUES ($name, $cron, $zone, $spec, $paused, $owner, $role, $at)
            """,
            new
            {
                name = s.Name, cron = s.Cron, zone = s.TimeZone, spec = JsonSerializer.Serialize(s.Spec, ScoringRunStore.Json), paused = s.Paused,
                owner = s.Owner.UserName, role = s.Owner.Role.ToString(), at = s.CreatedAt,
            }, ct);

    public async Task<ScoringSchedule?> GetAsync(string name, CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>(Select + " WHERE NAME = $name", new { name }, ct)) is [var first, ..] ? first.ToSchedule() : null;

    public async Task<IReadOnlyList<ScoringSchedule>> ListAsync(CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>(Select + " ORDER BY NAME", ct: ct)).Select(r => r.ToSchedule()).ToList();

    public Task SetPausedAsync(string name, bool paused, CancellationToken ct) =>
        warehouse.ExecuteAsync("UPDATE PORTAL_SCORING_SCHEDULES SET PAUSED = $paused WHERE NAME = $name", new { name, paused }, ct);

    public Task RecordFiredAsync(string name, Guid runId, CancellationToken ct) =>
        warehouse.ExecuteAsync("UPDATE PORTAL_SCORING_SCHEDULES SET LAST_RUN_ID = $run, LAST_FIRED_AT = $at WHERE NAME = $name",
            new { name, run = runId.ToString(), at = DateTime.UtcNow }, ct);

    public Task DeleteAsync(string name, CancellationToken ct) =>
        warehouse.ExecuteAsync("DELETE FROM PORTAL_SCORING_SCHEDULES WHERE NAME = $name", new { name }, ct);

    private const string Select =
        "SELECT NAME, CRON, TIME_ZONE, SPEC_JSON, PAUSED, OWNER, OWNER_ROLE, CREATED_AT, LAST_RUN_ID, LAST_FIRED_AT FROM PORTAL_SCORING_SCHEDULES";

    private sealed class Row
    {
        public string NAME { get; set; } = "";
        public string CRON { get; set; } = "";
        public string TIME_ZONE { get; set; } = "";
        public string SPEC_JSON { get; set; } = "";
        public bool PAUSED { get; set; }
        public string OWNER { get; set; } = "";
        public string OWNER_ROLE { get; set; } = "";
        public DateTime CREATED_AT { get; set; }
        public string? LAST_RUN_ID { get; set; }
        public DateTime? LAST_FIRED_AT { get; set; }

        public ScoringSchedule ToSchedule() => new(
            NAME, CRON, TIME_ZONE, JsonSerializer.Deserialize<ScoringRunSpec>(SPEC_JSON, ScoringRunStore.Json)!, PAUSED,
            new PortalPrincipal(OWNER, Enum.Parse<Role>(OWNER_ROLE)), DateTime.SpecifyKind(CREATED_AT, DateTimeKind.Utc),
            LAST_RUN_ID is null ? null : Guid.Parse(LAST_RUN_ID),
            LAST_FIRED_AT is null ? null : DateTime.SpecifyKind(LAST_FIRED_AT.Value, DateTimeKind.Utc));
    }
}
