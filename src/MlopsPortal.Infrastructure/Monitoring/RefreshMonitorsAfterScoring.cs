using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>A scoring run that feeds a monitor's source queues that monitor's (incremental) refresh.</summary>
public sealed class RefreshMonitorsAfterScoring(MonitorService monitors) : IScoredTableListener
{
    public Task OnTableWrittenAsync(string table, CancellationToken ct) => monitors.RefreshMonitorsOfSourceAsync(table, ct);
}
