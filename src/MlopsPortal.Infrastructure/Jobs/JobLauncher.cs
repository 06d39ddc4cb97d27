using System.Linq.Expressions;
using Hangfire;
using MlopsPortal.Core.Jobs;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>Creates the run row first (so the Jobs page shows it at once), then enqueues the Hangfire job.</summary>
public sealed class JobLauncher(IJobRunStore store, IBackgroundJobClient hangfire)
{
    public Task<Guid> EnqueueAsync<TJob>(string kind, string title, string? user, Func<Guid, Expression<Func<TJob, Task>>> call, CancellationToken ct = default) =>
        EnqueueAsync(Guid.NewGuid(), kind, title, user, call, ct);

    /// <summary>With an id chosen by the caller, who may have recorded details under it first.</summary>
    public async Task<Guid> EnqueueAsync<TJob>(Guid id, string kind, string title, string? user, Func<Guid, Expression<Func<TJob, Task>>> call, CancellationToken ct = default)
    {
        await store.CreateAsync(new JobRun(id, kind, title, JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, user), ct);
        try
        {
            hangfire.Enqueue(call(id));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A run left Queued with no job behind it would never end, and runs writing the same output wait for it
            // (ScoringRunOrder): it ends Failed, and the caller hears why.
            await store.MarkFinishedAsync(id, JobStatus.Failed, "Could not be queued.", "The job queue refused the job; try again.", CancellationToken.None);
            throw;
        }
        return id;
    }
}
