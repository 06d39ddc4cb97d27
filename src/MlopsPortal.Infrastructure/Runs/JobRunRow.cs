using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Runs;

/// <summary>
/// The columns every run table (training, scoring) shares, joined with the PORTAL_JOB_RUNS row of the same ID that
/// carries status and progress. A run whose job row is not there yet reads as queued. Read by <see cref="JobRunReader{TRow}"/>;
/// helpers are methods so that Dapper maps only the column properties.
/// </summary>
internal abstract class JobRunRow
{
    public string ID { get; set; } = "";
    public string? CREATED_BY { get; set; }
    public string CREATED_ROLE { get; set; } = "";
    public DateTime CREATED_AT { get; set; }
    public string? STATUS { get; set; }
    public double? PROGRESS { get; set; }
    public string? MESSAGE { get; set; }
    public string? ERROR { get; set; }
    public DateTime? STARTED_AT { get; set; }
    public DateTime? FINISHED_AT { get; set; }

    public Guid RunId() => Guid.Parse(ID);

    public JobStatus RunStatus() => STATUS is null ? JobStatus.Queued : Enum.Parse<JobStatus>(STATUS);

    public double RunProgress() => PROGRESS ?? 0;

    // The warehouse returns timestamps without a kind; the portal stores them in UTC.
    public DateTime CreatedAtUtc() => Utc(CREATED_AT)!.Value;

    public DateTime? StartedAtUtc() => Utc(STARTED_AT);

    public DateTime? FinishedAtUtc() => Utc(FINISHED_AT);

    /// <summary>Who started the run, with the role they had then (system when nobody is recorded).</summary>
    public PortalPrincipal Principal() => new(CREATED_BY ?? "system", Roles.TryParse(CREATED_ROLE, out var r) ? r : Role.Viewer);

    private static DateTime? Utc(DateTime? t) => t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}
