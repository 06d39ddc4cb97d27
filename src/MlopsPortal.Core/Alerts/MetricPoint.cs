namespace MlopsPortal.Core.Alerts;

/// <summary>One stored metric value: the window start and its value (<c>null</c> = empty, never breaches).</summary>
public readonly record struct MetricPoint(DateTime EventTimestamp, double? Value);
