using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Core.Scoring;

/// <summary>
/// A recurring scoring run. The spec is kept as written: a schedule bound to an alias (e.g. PRODUCTION) resolves it
/// at every firing, so after a promotion it scores with the new version without being edited.
/// </summary>
public sealed record ScoringSchedule(
    string Name,
    string Cron,
    string TimeZone,
    ScoringRunSpec Spec,
    bool Paused,
    PortalPrincipal Owner,
    DateTime CreatedAt,
    Guid? LastRunId,
    DateTime? LastFiredAt)
{
    /// <summary>The next firings in UTC; none while paused.</summary>
    public IReadOnlyList<DateTime> NextFireTimes(DateTime fromUtc, int count = 5) =>
        Paused ? [] : CronSchedule.NextOccurrences(Cron, fromUtc, count, TimeZone);

    public string BoundTo => Spec.Version is null ? $"{Spec.Model} alias {Spec.Alias}" : $"{Spec.Model} {Spec.Version}";
}
