using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Jobs;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>
/// Wraps the body of every Hangfire job: marks the run started, relays progress, turns a cancel request
/// (polled from the store once a second) into cancellation of the body, and records how it ended.
/// Job classes stay thin: they call an application service inside <see cref="RunAsync"/>.
/// </summary>
public sealed class JobTracker(IJobRunStore store, ILogger<JobTracker> logger)
{
    private static readonly TimeSpan CancelPoll = TimeSpan.FromSeconds(1);

    public async Task RunAsync(Guid runId, Func<IJobProgress, CancellationToken, Task<string?>> body, CancellationToken hangfireToken)
    {
        var run = await store.GetAsync(runId, hangfireToken);
        if (run is null || run.IsFinished)
        {
            // A retried job whose run already ended must not run again.
            if (logger.IsEnabled(LogLevel.Information))
                logger.NothingToDo(runId, run?.Status.ToString() ?? "unknown");
            return;
        }
        // How a run ended is recorded even when Hangfire is stopping (hangfireToken cancelled), as in RecordAsync below;
        // otherwise the row would stay Running or Cancelling.
        if (run.Status == JobStatus.Cancelling)
        {
            await store.MarkFinishedAsync(runId, JobStatus.Cancelled, "Cancelled before it started.", null, CancellationToken.None);
            return;
        }

        await store.MarkStartedAsync(runId, hangfireToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(hangfireToken);
        var watcher = WatchForCancelAsync(runId, cts);
        var progress = new ThrottledProgress(runId, store);
        try
        {
            var message = await body(progress, cts.Token);
            await store.MarkFinishedAsync(runId, JobStatus.Succeeded, message, null, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            await store.MarkFinishedAsync(runId, JobStatus.Cancelled, "Cancelled; nothing was written.", null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.RunFailed(ex, runId, run.Kind);
            await store.MarkFinishedAsync(runId, JobStatus.Failed, null, ex.Message, CancellationToken.None);
        }
        finally
        {
            await cts.CancelAsync();
            await watcher;
            ReleaseMemory();
        }
    }

    /// <summary>
    /// A job's batches (a streamed scoring run's, an import's) are garbage once it ends, but the GC keeps the pages they
    /// used, and the next job's peak then stands on them: measured, a monitor refresh after a 10,000,000-row streamed run
    /// peaked at 508 MB against the 500 MB budget (issue 18, docs/architecture.md "Limits to respect"). One compacting
    /// collection that returns the free pages to the OS, once per job, costs milliseconds against a job's seconds.
    /// </summary>
    private static void ReleaseMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>
    /// Work that runs inline rather than on Hangfire (a recipe run, an alert evaluation) still gets its row on the Jobs
    /// page: recorded as started now, then succeeded with <paramref name="describe"/>'s message, failed or cancelled.
    /// The body's exception reaches the caller unchanged.
    /// </summary>
    public async Task<T> RecordAsync<T>(string kind, string title, string? user, Func<CancellationToken, Task<T>> body,
        Func<T, string?> describe, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        await store.CreateAsync(new JobRun(id, kind, title, JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, user), ct);
        await store.MarkStartedAsync(id, ct);
        try
        {
            var result = await body(ct);
            await store.MarkFinishedAsync(id, JobStatus.Succeeded, describe(result), null, CancellationToken.None);
            return result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await store.MarkFinishedAsync(id, JobStatus.Cancelled, "Cancelled.", null, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            logger.InlineJobFailed(ex, id, kind);
            await store.MarkFinishedAsync(id, JobStatus.Failed, null, ex.Message, CancellationToken.None);
            throw;
        }
    }

    private async Task WatchForCancelAsync(Guid runId, CancellationTokenSource cts)
    {
        try
        {
            using var timer = new PeriodicTimer(CancelPoll);
            while (await timer.WaitForNextTickAsync(cts.Token))
            {
                var current = await store.GetAsync(runId, cts.Token);
                if (current?.Status == JobStatus.Cancelling)
                {
                    await cts.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The body ended first.
        }
    }

    private sealed class ThrottledProgress(Guid runId, IJobRunStore store) : IJobProgress
    {
        private DateTime _last = DateTime.MinValue;

        public Guid RunId => runId;

        public async ValueTask ReportAsync(double fraction, string? message = null)
        {
            var now = DateTime.UtcNow;
            if (now - _last < TimeSpan.FromMilliseconds(250) && fraction < 1) return;
            _last = now;
            await store.ReportProgressAsync(runId, fraction, message);
        }
    }
}

/// <summary><see cref="JobTracker"/>'s log lines (source-generated).</summary>
internal static partial class JobTrackerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job run {RunId} is {Status}; nothing to do")]
    public static partial void NothingToDo(this ILogger logger, Guid runId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job run {RunId} ({Kind}) failed")]
    public static partial void RunFailed(this ILogger logger, Exception exception, Guid runId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inline job {RunId} ({Kind}) failed")]
    public static partial void InlineJobFailed(this ILogger logger, Exception exception, Guid runId, string kind);
}
