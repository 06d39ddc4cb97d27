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
        hangfire.Enqueue(call(id));
        return id;
    }
}
