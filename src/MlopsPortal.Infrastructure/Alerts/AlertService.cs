using MlopsPortal.Core.Common;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Monitoring;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>
/// Alerts' application service: Viewer reads (list, history, next fire times, preview); DataScientist creates, resumes,
/// suspends and executes. New alerts start suspended, like Snowflake's.
/// </summary>
public sealed class AlertService(AlertStore store, MonitorStore monitors, AlertEvaluator evaluator, IAlertScheduler scheduler, ICurrentUser currentUser, TimeProvider clock, WebhookTargets webhooks)
{
    public async Task<AlertInfo> CreateAsync(AlertRequest request, bool replace, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "create alerts");
        var spec = request.ToSpec();
        await webhooks.RequireAllowedAsync(spec.Webhook, ct);
        if (await monitors.GetAsync(spec.Monitor, ct) is null)
            throw new PortalValidationException($"The alert's monitor {spec.Monitor} does not exist.");
        await store.InsertAsync(spec, user.UserName, replace, clock.GetUtcNow().UtcDateTime, ct);
        scheduler.Unschedule(spec.Name);
        return (await store.GetAsync(spec.Name, ct))!;
    }

    /// <summary>Edits alert <paramref name="name"/> (same name, checked like a new one); it keeps its state and its history.</summary>
    public async Task<AlertInfo> UpdateAsync(string name, AlertRequest request, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "edit alerts");
        var existing = await FindAsync(name, ct);
        if (!string.IsNullOrWhiteSpace(request.Name) && !string.Equals(request.Name.Trim(), existing.Name, StringComparison.OrdinalIgnoreCase))
            throw new PortalValidationException($"An edit keeps the alert's name ({existing.Name}); create a new alert to use the name {request.Name}.");
        request.Name = existing.Name;
        var spec = request.ToSpec();
        if (await monitors.GetAsync(spec.Monitor, ct) is null)
            throw new PortalValidationException($"The alert's monitor {spec.Monitor} does not exist.");
        await store.UpdateSpecAsync(spec, ct);
        if (existing.State == AlertState.Started)
            scheduler.Schedule(spec);
        return (await store.GetAsync(spec.Name, ct))!;
    }

    public async Task<IReadOnlyList<AlertInfo>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see alerts");
        return await store.ListAsync(ct);
    }

    public async Task<AlertInfo> GetAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see alerts");
        return await FindAsync(name, ct);
    }

    /// <summary>The next fire times (UTC) of a started alert; empty when suspended.</summary>
    public IReadOnlyList<DateTime> NextFireTimes(AlertInfo alert, int count = 5) =>
        alert.State == AlertState.Started ? alert.Spec.NextFireTimes(clock.GetUtcNow().UtcDateTime, count) : [];

    public async Task<AlertInfo> SetStateAsync(string name, AlertState state, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, state == AlertState.Started ? "resume alerts" : "suspend alerts");
        var alert = await FindAsync(name, ct);
        await store.SetStateAsync(alert.Name, state, ct);
        if (state == AlertState.Started)
            scheduler.Schedule(alert.Spec);
        else
            scheduler.Unschedule(alert.Name);
        return (await store.GetAsync(alert.Name, ct))!;
    }

    /// <summary>Evaluates now and notifies when it fires (even when the same breach was notified before).</summary>
    public async Task<AlertHistoryEntry> ExecuteAsync(string name, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "execute alerts");
        var alert = await FindAsync(name, ct);
        return await evaluator.EvaluateAsync(alert.Name, user.UserName, manual: true, ct);
    }

    /// <summary>"Would fire now: yes — F1_SCORE 0.64 in the window of 2025-02-09 (…)", without notifying anyone.</summary>
    public async Task<string> PreviewAsync(AlertRequest request, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "preview alerts");
        var evaluation = await evaluator.PreviewAsync(request.ToSpec(), ct);
        return "would fire now: " + evaluation.Summary();
    }

    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(string name, int limit = 100, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see alert history");
        var alert = await FindAsync(name, ct);
        return await store.HistoryAsync(alert.Name, limit, ct);
    }

    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "delete alerts");
        var alert = await FindAsync(name, ct);
        scheduler.Unschedule(alert.Name);
        await store.DeleteAsync(alert.Name, ct);
    }

    private async Task<AlertInfo> FindAsync(string name, CancellationToken ct) =>
        Identifier.IsValid(name) && await store.GetAsync(name.ToUpperInvariant(), ct) is { } alert
            ? alert
            : throw new PortalNotFoundException($"There is no alert named {name}.");
}
