namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// One finished metric of one window, as the metric table stores it and <c>GET /api/monitors/{name}/metrics</c>
/// serves it (the caller adds the window start as eventTimestamp, and the segment when there is one).
/// </summary>
/// <param name="Metric">A <see cref="MetricNames"/> value.</param>
/// <param name="Column">The feature or prediction column for drift and COUNT_NULL; <c>null</c> for model-level metrics.</param>
/// <param name="Value">The value; <c>null</c> when not computable (e.g. ROC_AUC with one class).</param>
/// <param name="CountUsed">Rows the value was computed from.</param>
public readonly record struct MetricValue(string Metric, string? Column, double? Value, long CountUsed);
