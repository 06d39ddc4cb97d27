using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Monitoring;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Infrastructure.Demo;

/// <summary>
/// Gives the demo's first screen something to watch once its scoring runs have ended: monitor
/// <see cref="Monitor"/> over ALL_PREDICTIONS_WITH_GROUND_TRUTH (weeks 1–5 in PREDICTIONS_WITH_GROUND_TRUTH as the
/// baseline), refreshed once, and the suspended alert <see cref="Alert"/> on its F1. The lab's own
/// MORTGAGE_MODEL_MONITOR and F1_SCORE_DROP_ALERT are left for the user to build (docs/lab-workflow.md).
/// </summary>
public sealed class DemoMonitorSeeder(IServiceProvider services, IJobRunStore jobs, ILogger<DemoMonitorSeeder> log)
{
    public const string Monitor = "DEMO_V1_MONITOR";
    public const string Alert = "DEMO_F1_WATCH";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public async Task SeedWhenScoredAsync(IReadOnlyList<Guid> scoringRuns, CancellationToken ct)
    {
        if (!await ScoredAsync(scoringRuns, ct)) return;
        await using var scope = services.CreateAsyncScope();
        using var demo = JobIdentity.ActAs(new PortalPrincipal("demo", Role.Admin));
        var monitors = scope.ServiceProvider.GetRequiredService<MonitorService>();
        await monitors.CreateAsync(new MonitorRequest
        {
            Name = Monitor,
            Model = DemoStorySeeder.Model,
            Version = "V1",
            Source = DemoStorySeeder.AllWeeksOutput,
            Baseline = DemoStorySeeder.FirstWeeksOutput,
            TimestampColumn = "WEEK_START_DATE",
            AggregationWindowDays = 7,
            IdColumns = ["LOAN_ID"],
            PredictionClassColumns = [OutputColumns.PredictedResponse],
            PredictionScoreColumns = [OutputColumns.PredictedScore],
            ActualClassColumns = ["MORTGAGERESPONSE"],
            RefreshInterval = "1 day",
        }, replace: false, ct);
        await monitors.RefreshAsync(Monitor, full: false, ct);
        await scope.ServiceProvider.GetRequiredService<AlertService>().CreateAsync(new AlertRequest
        {
            Name = Alert,
            Monitor = Monitor,
            Metric = "F1_SCORE",
            Comparator = "<",
            Threshold = 0.7,
            Start = "2025-02-09",
            End = "2025-02-16",
            Recipients = ["ml-team@example.com"],
        }, replace: false, ct);
        log.MonitorSeeded(Monitor, Alert);
    }

    /// <summary>Waits for the runs; false (and a log line) when one did not succeed or they take too long.</summary>
    private async Task<bool> ScoredAsync(IReadOnlyList<Guid> runs, CancellationToken ct)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            var states = new List<JobRun?>();
            foreach (var id in runs)
                states.Add(await jobs.GetAsync(id, ct));
            if (states.All(r => r is { IsFinished: true }))
            {
                if (states.All(r => r!.Status == JobStatus.Succeeded)) return true;
                log.ScoringRunFailed();
                return false;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        log.ScoringTooSlow(Patience);
        return false;
    }
}

/// <summary><see cref="DemoMonitorSeeder"/>'s log lines (source-generated).</summary>
internal static partial class DemoMonitorSeederLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo monitor {Monitor} and the suspended alert {Alert}")]
    public static partial void MonitorSeeded(this ILogger logger, string monitor, string alert);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A demo scoring run did not succeed; the demo monitor is not seeded")]
    public static partial void ScoringRunFailed(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo scoring runs took longer than {Patience}; the demo monitor is not seeded")]
    public static partial void ScoringTooSlow(this ILogger logger, TimeSpan patience);
}
