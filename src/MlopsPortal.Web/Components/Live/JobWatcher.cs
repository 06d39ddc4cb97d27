using MlopsPortal.Core.Jobs;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Web.Components.Shared;
using MudBlazor;

namespace MlopsPortal.Web.Components.Live;

/// <summary>
/// One per circuit: follows the background jobs this user started from a page and, when one ends, shows a toast and
/// calls the page back so it shows the new state without a reload (the circuit is already a live connection).
/// Generalizes the once-a-second polling of the retraining and scoring run pages to every page that starts a job.
/// </summary>
public sealed class JobWatcher(JobsService jobs, ISnackbar snackbar, ILogger<JobWatcher> log) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Follows <paramref name="jobId"/>; <paramref name="ended"/> runs once the job has finished, however it ended.</summary>
    public void Watch(Guid jobId, string what, Func<JobRun, Task> ended)
    {
        snackbar.Add($"{what} started; this page updates when it ends.", Severity.Info);
        _ = FollowAsync(jobId, what, ended, _cts.Token);
    }

    private async Task FollowAsync(Guid jobId, string what, Func<JobRun, Task> ended, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var run = await jobs.GetAsync(jobId, ct);
                if (!run.IsFinished) continue;
                if (run.Status == JobStatus.Succeeded)
                    snackbar.Add($"{what} finished.", Severity.Success);
                else
                    snackbar.Add($"{what} {run.Status.ToString().ToLowerInvariant()}: {run.Error ?? run.Message}", Severity.Error);
                await ended(run);
                return;
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) // nobody awaits this loop: what fails here is shown, the one way (PortalErrors), not lost
        {
            snackbar.Add($"Lost track of {what}: {PortalErrors.Describe(ex, log)}", Severity.Warning);
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
