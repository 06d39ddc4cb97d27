using MlopsPortal.Core.Common;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Monitoring;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>
/// Evaluates an alert on its monitor's stored metric points, notifies when it fires (once per distinct breach set unless
/// asked to resend, or run by hand), and records the history row.
/// </summary>
public sealed class AlertEvaluator(AlertStore alerts, MetricStore metrics, AlertNotifier notifier, JobTracker jobs, TimeProvider clock)
{
    /// <summary>Evaluates without notifying or recording (the rule editor's "would fire now" preview).</summary>
    public async Task<AlertEvaluation> PreviewAsync(AlertSpec spec, CancellationToken ct)
    {
        var points = await metrics.QueryAsync(spec.Monitor, spec.Metric, spec.Column ?? "", ct: ct);
        return AlertEvaluation.Evaluate(spec.Rule, points.Select(p => new MetricPoint(p.WindowStart, p.Value)), clock.GetUtcNow().UtcDateTime);
    }

    public const string JobKind = "alert";

    /// <summary>Evaluates, notifies when due and records the history row; the evaluation is listed on the Jobs page.</summary>
    public Task<AlertHistoryEntry> EvaluateAsync(string name, string triggeredBy, bool manual, CancellationToken ct) =>
        jobs.RecordAsync(JobKind, $"Evaluate alert {name}{(manual ? " (execute now)" : "")}", triggeredBy,
            token => EvaluateUnrecordedAsync(name, triggeredBy, manual, token), Describe, ct);

    private static string Describe(AlertHistoryEntry e) =>
        e.Fired ? $"Fired: {e.Summary}{(e.Delivery is null ? "" : $"; {e.Delivery}")}" : $"Did not fire: {e.Summary}";

    private async Task<AlertHistoryEntry> EvaluateUnrecordedAsync(string name, string triggeredBy, bool manual, CancellationToken ct)
    {
        var alert = await alerts.GetAsync(name, ct) ?? throw new PortalNotFoundException($"There is no alert named {name}.");
        var evaluation = await PreviewAsync(alert.Spec, ct);
        string? notified = null, delivery = null;
        var delivered = false;
        var attempts = 0;
        if (evaluation.Fired)
        {
            var key = string.Join(',', evaluation.Breaches.Select(b => $"{b.EventTimestamp:O}={b.Value:R}"));
            var already = await alerts.LastNotifiedKeyAsync(alert.Name, ct) == key;
            if (already && !manual && !alert.Spec.ResendSameBreach)
            {
                delivery = "not sent: the same breach was already notified";
            }
            else
            {
                var result = await notifier.NotifyAsync(alert.Spec, evaluation, ct);
                notified = string.Join(", ", alert.Spec.Recipients.Concat(alert.Spec.Webhook is null ? [] : [alert.Spec.Webhook]));
                delivery = result.Report;
                delivered = result.Delivered;
                attempts = result.Attempts;
                if (result.Delivered)
                    await alerts.SetLastNotifiedKeyAsync(alert.Name, key, ct);
            }
        }

        var entry = new AlertHistoryEntry(Guid.NewGuid().ToString("N"), alert.Name, clock.GetUtcNow().UtcDateTime, triggeredBy, evaluation.Fired,
            evaluation.Summary(), evaluation.Breaches, notified, delivery, delivered, attempts);
        await alerts.AddHistoryAsync(entry, ct);
        return entry;
    }
}
