using Microsoft.Extensions.Logging.Abstractions;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Jobs;

public sealed class JobTrackerTests : IAsyncLifetime
{
    private readonly TempWarehouse _temp = new();
    private WarehouseJobRunStore _store = null!;
    private JobTracker _tracker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await new MigrationRunner(_temp.Warehouse).RunAsync();
        _store = new WarehouseJobRunStore(_temp.Warehouse);
        _tracker = new JobTracker(_store, NullLogger<JobTracker>.Instance);
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Guid> QueueAsync(string title = "test run")
    {
        var id = Guid.NewGuid();
        await _store.CreateAsync(new JobRun(id, "test", title, JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, "ada"), Ct);
        return id;
    }

    [Fact]
    public async Task A_run_that_succeeds_is_recorded_with_its_message_full_progress_and_times()
    {
        var id = await QueueAsync();
        double seen = -1;

        await _tracker.RunAsync(id, async (progress, _) =>
        {
            await progress.ReportAsync(0.4, "reading");
            seen = (await _store.GetAsync(id, Ct))!.Progress;
            return "42 rows";
        }, Ct);

        var run = (await _store.GetAsync(id, Ct))!;
        Assert.Equal(0.4, seen, 9);
        Assert.Equal(JobStatus.Succeeded, run.Status);
        Assert.Equal(1.0, run.Progress);
        Assert.Equal("42 rows", run.Message);
        Assert.NotNull(run.StartedAt);
        Assert.True(run.FinishedAt >= run.StartedAt);
    }

    [Fact]
    public async Task A_run_that_throws_is_failed_with_the_error_message()
    {
        var id = await QueueAsync();

        await _tracker.RunAsync(id, (_, _) => throw new InvalidOperationException("column X is missing"), Ct);

        var run = (await _store.GetAsync(id, Ct))!;
        Assert.Equal(JobStatus.Failed, run.Status);
        Assert.Equal("column X is missing", run.Error);
    }

    [Fact]
    public async Task A_cancel_request_stops_a_running_body_within_seconds()
    {
        var id = await QueueAsync();
        var started = new TaskCompletionSource();

        var running = _tracker.RunAsync(id, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(TimeSpan.FromMinutes(1), ct);
            return "should not finish";
        }, Ct);
        await started.Task;
        Assert.True(await _store.RequestCancelAsync(id, Ct));
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var run = (await _store.GetAsync(id, Ct))!;
        Assert.Equal(JobStatus.Cancelled, run.Status);
        Assert.False(await _store.RequestCancelAsync(id, Ct));
    }

    [Fact]
    public async Task A_retried_job_whose_run_already_ended_does_not_run_again()
    {
        var id = await QueueAsync();
        var calls = 0;
        Task<string?> Body(IJobProgress p, CancellationToken c) { calls++; return Task.FromResult<string?>("done"); }

        await _tracker.RunAsync(id, Body, Ct);
        await _tracker.RunAsync(id, Body, Ct);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first()
    {
        var first = await QueueAsync("first");
        await Task.Delay(20, Ct);
        var second = await QueueAsync("second");

        var runs = await _store.ListAsync(10, ct: Ct);

        Assert.Equal([second, first], runs.Select(r => r.Id).Take(2));
    }
}
