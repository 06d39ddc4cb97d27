using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// Runs that write the same output table apply in submission order, one at a time: a run may start only when every
/// run submitted before it for that output (by <c>OUTPUT_SEQ</c>, then id) has finished. The rule reads only what the
/// warehouse holds, so it holds across portal instances sharing one Hangfire queue, whichever worker fetches first.
/// Without it, week 1's overwrite could publish after week 2's append and replace it (issue 14).
/// </summary>
public sealed class ScoringRunOrder(IWarehouse warehouse)
{
    /// <summary>How often a waiting run looks again.</summary>
    internal TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a run waits in its worker for a predecessor that has not started yet. Past that it gives the worker
    /// back (the job is queued again), so runs waiting in every worker can never starve the one they wait for.
    /// </summary>
    internal TimeSpan WaitForQueued { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Unfinished runs submitted before this one for the same output, earliest first.</summary>
    public async Task<IReadOnlyList<Predecessor>> UnfinishedBeforeAsync(Guid runId, CancellationToken ct) =>
        (await warehouse.QueryAsync<Row>(
            """
            SELECT p.ID, j.STATUS FROM PORTAL_SCORING_RUNS r
            JOIN PORTAL_SCORING_RUNS p ON UPPER(p.OUTPUT_TABLE) = UPPER(r.OUTPUT_TABLE)
              AND (COALESCE(p.OUTPUT_SEQ, 0) < COALESCE(r.OUTPUT_SEQ, 0) OR (COALESCE(p.OUTPUT_SEQ, 0) = COALESCE(r.OUTPUT_SEQ, 0) AND p.ID < r.ID))
            JOIN PORTAL_JOB_RUNS j ON j.ID = p.ID
            WHERE r.ID = $id AND j.STATUS IN ($queued, $running, $cancelling)
            ORDER BY COALESCE(p.OUTPUT_SEQ, 0), p.ID
            """,
            new { id = runId.ToString(), queued = nameof(JobStatus.Queued), running = nameof(JobStatus.Running), cancelling = nameof(JobStatus.Cancelling) },
            ct)).Select(r => new Predecessor(Guid.Parse(r.ID), Enum.Parse<JobStatus>(r.STATUS))).ToList();

    /// <summary>
    /// Waits until the run's turn has come (true), or returns false when a predecessor has not even started within
    /// <see cref="WaitForQueued"/>: the caller then queues the job again instead of holding a worker. A predecessor that
    /// is running holds a worker of its own and will finish, so waiting for it is safe however long it takes.
    /// </summary>
    public async Task<bool> WaitForTurnAsync(Guid runId, IJobRunStore jobs, CancellationToken ct)
    {
        var waitingSince = DateTime.UtcNow;
        while (true)
        {
            var self = await jobs.GetAsync(runId, ct);
            // A run cancelled or ended while it waited goes straight to the tracker, which records that.
            if (self is null || self.IsFinished || self.Status == JobStatus.Cancelling) return true;
            var before = await UnfinishedBeforeAsync(runId, ct);
            if (before.Count == 0) return true;
            if (before.All(p => p.Status != JobStatus.Queued)) waitingSince = DateTime.UtcNow;
            else if (DateTime.UtcNow - waitingSince > WaitForQueued) return false;
            await Task.Delay(Poll, ct);
        }
    }

    public sealed record Predecessor(Guid Id, JobStatus Status);

    private sealed class Row
    {
        public string ID { get; set; } = "";
        public string STATUS { get; set; } = "";
    }
}
