namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>A stored monitor with its state.</summary>
public sealed record MonitorInfo(
    MonitorSpec Spec,
    MonitorState State,
    DateTime CreatedAt,
    string? CreatedBy,
    DateTime? LastRefreshAt,
    string? LastRefreshMessage)
{
    public string Name => Spec.Name;
}

public enum MonitorState
{
    Active,
    Suspended,
}

/// <summary>One stored metric value with where it belongs.</summary>
public sealed record MonitorMetric(
    DateTime WindowStart,
    string? SegmentColumn,
    string? SegmentValue,
    string Metric,
    string? Column,
    double? Value,
    long CountUsed);

/// <summary>What a refresh did.</summary>
public sealed record RefreshResult(int WindowsTotal, int WindowsRecomputed, int WindowsRemoved, long MetricRows, bool Full)
{
    public string Message => WindowsRecomputed == 0 && WindowsRemoved == 0
        ? $"Up to date: {WindowsTotal} window(s), nothing changed."
        : $"{(Full ? "Full" : "Incremental")} refresh: {WindowsRecomputed} of {WindowsTotal} window(s) recomputed, {WindowsRemoved} removed, {MetricRows} metric rows written.";
}
