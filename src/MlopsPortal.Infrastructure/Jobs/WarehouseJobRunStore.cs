using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>Job runs in the warehouse table PORTAL_JOB_RUNS (created by the portal's migrations).</summary>
public sealed class WarehouseJobRunStore(IWarehouse warehouse) : IJobRunStore
{
    private const string Columns =
        "ID, KIND, TITLE, STATUS, PROGRESS, MESSAGE, ERROR, CREATED_AT, STARTED_AT, FINISHED_AT, CREATED_BY";

    public Task CreateAsync(JobRun run, CancellationToken ct = default) =>
        warehouse.ExecuteAsync(
            $"INSERT INTO PORTAL_JOB_RUNS ({Columns}) VALUES ($id, $kind, $title, $status, $progress, $message, $error, $created, $started, $finished, $by)",
            new
            {
                id = run.Id.ToString(),
                kind = run.Kind,
                title = run.Title,
                status = run.Status.ToString(),
                progress = run.Progress,
                message = run.Message,
                error = run.Error,
                created = run.CreatedAt,
                started = run.StartedAt,
                finished = run.FinishedAt,
                by = run.CreatedBy,
            },
            ct);

    public async Task<JobRun?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var rows = await warehouse.QueryAsync<Row>($"SELECT {Columns} FROM PORTAL_JOB_RUNS WHERE ID = $id", new { id = id.ToString() }, ct);
        return rows.Count == 0 ? null : rows[0].ToRun();
    }

    public async Task<IReadOnlyList<JobRun>> ListAsync(int limit = 200, string? kind = null, CancellationToken ct = default)
    {
        var where = kind is null ? "" : "WHERE KIND = $kind";
        var rows = await warehouse.QueryAsync<Row>(
            $"SELECT {Columns} FROM PORTAL_JOB_RUNS {where} ORDER BY CREATED_AT DESC LIMIT {Math.Clamp(limit, 1, 10_000)}",
            new { kind }, ct);
        return rows.Select(r => r.ToRun()).ToList();
    }

    public Task MarkStartedAsync(Guid id, CancellationToken ct = default) =>
        warehouse.ExecuteAsync(
            "UPDATE PORTAL_JOB_RUNS SET STATUS = $running, STARTED_AT = $now WHERE ID = $id AND STATUS = $queued",
            new { id = id.ToString(), running = nameof(JobStatus.Running), queued = nameof(JobStatus.Queued), now = DateTime.UtcNow },
            ct);

    public Task ReportProgressAsync(Guid id, double progress, string? message, CancellationToken ct = default) =>
        warehouse.ExecuteAsync(
            "UPDATE PORTAL_JOB_RUNS SET PROGRESS = $progress, MESSAGE = COALESCE($message, MESSAGE) WHERE ID = $id",
            new { id = id.ToString(), progress = Math.Clamp(progress, 0, 1), message },
            ct);

    public Task MarkFinishedAsync(Guid id, JobStatus status, string? message, string? errorMessage, CancellationToken ct = default) =>
        warehouse.ExecuteAsync(
            """
            UPDATE PORTAL_JOB_RUNS
            SET STATUS = $status, MESSAGE = COALESCE($message, MESSAGE), ERROR = $error, FINISHED_AT = $now,
                STARTED_AT = COALESCE(STARTED_AT, $now),
                PROGRESS = CASE WHEN $status = 'Succeeded' THEN 1.0 ELSE PROGRESS END
            WHERE ID = $id
            """,
            new { id = id.ToString(), status = status.ToString(), message, error = errorMessage, now = DateTime.UtcNow },
            ct);

    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken ct = default)
    {
        var changed = await warehouse.ExecuteAsync(
            "UPDATE PORTAL_JOB_RUNS SET STATUS = $cancelling WHERE ID = $id AND STATUS IN ('Queued', 'Running')",
            new { id = id.ToString(), cancelling = nameof(JobStatus.Cancelling) },
            ct);
        return changed > 0;
    }

    private sealed class Row
    {
        public string ID { get; set; } = "";
        public string KIND { get; set; } = "";
        public string TITLE { get; set; } = "";
        public string STATUS { get; set; } = "";
        public double PROGRESS { get; set; }
        public string? MESSAGE { get; set; }
        public string? ERROR { get; set; }
        public DateTime CREATED_AT { get; set; }
        public DateTime? STARTED_AT { get; set; }
        public DateTime? FINISHED_AT { get; set; }
        public string? CREATED_BY { get; set; }

        public JobRun ToRun() => new(
            Guid.Parse(ID), KIND, TITLE, Enum.Parse<JobStatus>(STATUS), PROGRESS, MESSAGE, ERROR,
            DateTime.SpecifyKind(CREATED_AT, DateTimeKind.Utc),
            STARTED_AT is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : null,
            FINISHED_AT is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null,
            CREATED_BY);
    }
}
