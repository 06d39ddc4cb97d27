using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Jobs;

/// <summary>
/// A run whose job the queue refused must not stay Queued: nothing would ever end it, and runs writing the same output
/// wait for it in order (ScoringRunOrder).
/// </summary>
public sealed class JobLauncherTests : IAsyncLifetime
{
    private readonly TempWarehouse _temp = new();
    private WarehouseJobRunStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await new MigrationRunner(_temp.Warehouse).RunAsync();
        _store = new WarehouseJobRunStore(_temp.Warehouse);
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_job_the_queue_refuses_ends_failed_and_the_caller_hears_it()
    {
        var launcher = new JobLauncher(_store, new RefusingQueue());
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => launcher.EnqueueAsync<Work>(id, "test", "refused run", "ada", _ => w => w.RunAsync(), Ct));

        var run = (await _store.GetAsync(id, Ct))!;
        Assert.Equal(JobStatus.Failed, run.Status);
        Assert.True(run.IsFinished);
        Assert.Contains("queue refused", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("storage is down", run.Error, StringComparison.Ordinal); // the queue's own words stay in the log
    }

    public sealed class Work
    {
        public int Runs { get; private set; }

        public Task RunAsync() => Task.FromResult(++Runs);
    }

    /// <summary>Hangfire's storage failing mid-enqueue (a refused connection), which a real storage cannot be made to do on cue.</summary>
    private sealed class RefusingQueue : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => throw new InvalidOperationException("storage is down");

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }
}
