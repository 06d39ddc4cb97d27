using Hangfire;
using MlopsPortal.Core.Alerts;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>Schedules an alert's evaluation on its cron (in its time zone).</summary>
public interface IAlertScheduler
{
    void Schedule(AlertSpec spec);
    void Unschedule(string alert);
}

/// <summary>Hangfire: one recurring job "alert:NAME" per started alert.</summary>
public sealed class HangfireAlertScheduler(IRecurringJobManager recurring) : IAlertScheduler
{
    public static string RecurringId(string alert) => "alert:" + alert;

    public void Schedule(AlertSpec spec) =>
        recurring.AddOrUpdate<AlertJob>(RecurringId(spec.Name), j => j.ScheduledAsync(spec.Name, CancellationToken.None), spec.Schedule,
            new RecurringJobOptions { TimeZone = CronSchedule.ResolveTimeZone(spec.TimeZone) });

    public void Unschedule(string alert) => recurring.RemoveIfExists(RecurringId(alert));
}

/// <summary>The recurring Hangfire job: thin; a suspended or deleted alert does nothing.</summary>
public sealed class AlertJob(AlertStore alerts, AlertEvaluator evaluator)
{
    public async Task ScheduledAsync(string alert, CancellationToken ct)
    {
        var info = await alerts.GetAsync(alert, ct);
        if (info is null || info.State != AlertState.Started)
            return;
        await evaluator.EvaluateAsync(alert, "schedule", manual: false, ct);
    }
}
