namespace MlopsPortal.Core.Monitoring.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record MonitorDto(
    string Name, string Model, string Version, string Function, string Source, string Baseline, string TimestampColumn,
    int AggregationWindowDays, IReadOnlyList<string> IdColumns, IReadOnlyList<string> PredictionClassColumns,
    IReadOnlyList<string> PredictionScoreColumns, IReadOnlyList<string> ActualClassColumns, IReadOnlyList<string> SegmentColumns,
    string RefreshInterval, string? Warehouse, string State, DateTime CreatedAt, string? CreatedBy, DateTime? LastRefreshAt, string? LastRefreshMessage);

public sealed record MetricPointDto(DateTime EventTimestamp, double? Value, long CountUsed, string? Column, string Metric, string? SegmentColumn, string? SegmentValue);

/// <summary>Sets a drift threshold; a null value removes it (the metric's, then the default, apply again).</summary>
public sealed record ThresholdRequest(string? Metric, string? Column, double? Value);

public sealed record ThresholdDto(string Metric, string? Column, double Value);
