using Hangfire;
using Hangfire.Storage.SQLite;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>
/// Issue 14: runs that write the same output apply in submission order. The jobs here are performed concurrently and
/// fetched out of order (the appends first, week 1's overwrite last), as Hangfire workers on one or several portal
/// instances may do; each job is its own <see cref="ScoringJob"/> with its own <see cref="ScoringRunOrder"/>, so only
/// what the warehouse holds orders them.
/// </summary>
public sealed class ScoringRunOrderTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _hangfireFile = Path.Combine(Path.GetTempPath(), $"order-{Guid.NewGuid():N}.db");
    private readonly SQLiteStorage _storage;

    public ScoringRunOrderTests() => _storage = new SQLiteStorage(_hangfireFile);

    private ScoringJob Job(ScoringBed bed, TimeSpan? waitForQueued = null) =>
        new(bed.Tracker, bed.Executor, new ScoringRunOrder(bed.Warehouse) { WaitForQueued = waitForQueued ?? TimeSpan.FromMinutes(5) },
            bed.Jobs, new BackgroundJobClient(_storage));

    private static async Task<Guid> SubmitAsync(ScoringBed bed, ScoringRunSpec spec, ScoringExecution execution)
    {
        var id = Guid.NewGuid();
        await bed.Runs.CreateAsync(id, spec, execution, bed.User.Principal!, Ct);
        await bed.Jobs.CreateAsync(new JobRun(id, "scoring", "test", JobStatus.Queued, 0, null, null, DateTime.UtcNow, null, null, "dana"), Ct);
        return id;
    }

    [Fact]
    public async Task The_demo_phase_1_runs_leave_1000_rows_whichever_order_the_workers_take_them_in()
    {
        await using var bed = await ScoringBed.CreateAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var output = $"PREDICTIONS_WITH_GROUND_TRUTH_{attempt}";
            var ids = new List<Guid>();
            for (var week = 1; week <= 5; week++)
                ids.Add(await SubmitAsync(bed, ScoringBed.Week(week, output, week == 1 ? WriteMode.Overwrite : WriteMode.Append),
                    week % 2 == 0 ? ScoringExecution.Streamed : ScoringExecution.Warehouse));

            // Workers fetch weeks 5, 4, 3, 2 first; week 1's overwrite is fetched only once they are done or clearly waiting.
            var appends = ids.Skip(1).Reverse().Select(id => Task.Run(() => Job(bed).RunAsync(id, Ct), Ct)).ToList();
            await Task.WhenAny(Task.WhenAll(appends), Task.Delay(TimeSpan.FromSeconds(3), Ct));
            await Job(bed).RunAsync(ids[0], Ct);
            await Task.WhenAll(appends);

            var runs = new List<JobRun>();
            foreach (var id in ids) runs.Add((await bed.Jobs.GetAsync(id, Ct))!);
            Assert.All(runs, r => Assert.Equal(JobStatus.Succeeded, r.Status));
            Assert.Equal(1_000, await bed.Warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {output}", ct: Ct));
            Assert.Equal(5, await bed.Warehouse.ScalarAsync<long>($"SELECT COUNT(DISTINCT WEEK) FROM {output}", ct: Ct));
            // One at a time, in submission order: each run started after the one before it finished.
            for (var i = 1; i < runs.Count; i++)
                Assert.True(runs[i].StartedAt >= runs[i - 1].FinishedAt, $"week {i + 1} started before week {i} finished");
        }
    }

    [Fact]
    public async Task Runs_for_other_outputs_do_not_wait_and_a_run_whose_predecessor_never_starts_gives_its_worker_back()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var first = await SubmitAsync(bed, ScoringBed.Week(1, "OUT_A", WriteMode.Overwrite), ScoringExecution.Warehouse);
        var second = await SubmitAsync(bed, ScoringBed.Week(2, "out_a", WriteMode.Append), ScoringExecution.Warehouse);
        var elsewhere = await SubmitAsync(bed, ScoringBed.Week(3, "OUT_B", WriteMode.Overwrite), ScoringExecution.Warehouse);

        await Job(bed).RunAsync(elsewhere, Ct);
        var enqueuedBefore = _storage.GetMonitoringApi().EnqueuedCount("default");
        await Job(bed, waitForQueued: TimeSpan.FromMilliseconds(500)).RunAsync(second, Ct);

        Assert.Equal(JobStatus.Succeeded, (await bed.Jobs.GetAsync(elsewhere, Ct))!.Status);
        // The output's name is matched without regard to case, as both warehouses resolve it.
        Assert.Equal([first], (await new ScoringRunOrder(bed.Warehouse).UnfinishedBeforeAsync(second, Ct)).Select(p => p.Id));
        var waiting = (await bed.Jobs.GetAsync(second, Ct))!;
        Assert.Equal(JobStatus.Queued, waiting.Status);
        Assert.Contains("waiting for 1 earlier run", waiting.Message);
        Assert.Equal(enqueuedBefore + 1, _storage.GetMonitoringApi().EnqueuedCount("default"));
        Assert.False(await bed.Warehouse.ScalarAsync<bool>(
            "SELECT COUNT(*) > 0 FROM information_schema.tables WHERE upper(table_name) = 'OUT_A'", ct: Ct));
    }

    public void Dispose()
    {
        _storage.Dispose();
        foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_hangfireFile) + "*")) File.Delete(f);
    }
}
