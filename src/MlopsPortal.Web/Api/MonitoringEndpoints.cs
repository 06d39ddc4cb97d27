using MlopsPortal.Core.Monitoring.Contracts;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Infrastructure.Monitoring;

namespace MlopsPortal.Web.Api;

/// <summary>/api/monitors: the CREATE MODEL MONITOR parameters as JSON, refresh, suspend/resume and MODEL_MONITOR_*_METRIC-shaped reads.</summary>
public static class MonitoringEndpoints
{

    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        var monitors = app.MapGroup("/api/monitors").RequireAuthorization().WithTags("Monitors");

        monitors.MapPost("", async (MonitorRequest request, bool? replace, MonitorService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(request, replace ?? false, ct);
            return Results.Created($"/api/monitors/{created.Name}", ToDto(created));
        });
        monitors.MapGet("", async (MonitorService service, CancellationToken ct) => (await service.ListAsync(ct)).Select(ToDto).ToList());
        monitors.MapGet("/{name}", async (string name, MonitorService service, CancellationToken ct) => ToDto(await service.GetAsync(name, ct)));
        monitors.MapPut("/{name}", async (string name, MonitorRequest request, MonitorService service, CancellationToken ct) =>
            ToDto(await service.UpdateAsync(name, request, ct)));
        monitors.MapDelete("/{name}", async (string name, MonitorService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(name, ct);
            return Results.NoContent();
        });
        monitors.MapPost("/{name}/refresh", async (string name, bool? full, MonitorService service, CancellationToken ct) =>
            Results.Accepted(value: new { runId = await service.RefreshAsync(name, full ?? false, ct) }));
        monitors.MapPost("/{name}/suspend", async (string name, MonitorService service, CancellationToken ct) =>
            ToDto(await service.SetStateAsync(name, MonitorState.Suspended, ct)));
        monitors.MapPost("/{name}/resume", async (string name, MonitorService service, CancellationToken ct) =>
            ToDto(await service.SetStateAsync(name, MonitorState.Active, ct)));
        monitors.MapGet("/{name}/metrics", async (
            string name, string? metric, string? column, string? granularity, DateTime? start, DateTime? end,
            string? segmentColumn, string? segmentValue, MonitorService service, CancellationToken ct) =>
            (await service.MetricsAsync(name, metric, column, granularity, start, end, segmentColumn, segmentValue, ct))
                .Select(m => new MetricPointDto(m.WindowStart, m.Value, m.CountUsed, m.Column, m.Metric, m.SegmentColumn, m.SegmentValue)).ToList());
        monitors.MapGet("/{name}/metrics.csv", async (
            string name, string? metric, string? column, string? segmentColumn, string? segmentValue, MonitorService service, CancellationToken ct) =>
        {
            var rows = await service.MetricsAsync(name, metric, column, null, null, null, segmentColumn, segmentValue, ct);
            var csv = new System.Text.StringBuilder("EVENT_TIMESTAMP,METRIC,COLUMN,SEGMENT_COLUMN,SEGMENT_VALUE,VALUE,COUNT_USED\n");
            foreach (var m in rows)
                csv.Append(System.FormattableString.Invariant($"{m.WindowStart:yyyy-MM-dd HH:mm:ss},{m.Metric},{m.Column},{m.SegmentColumn},{m.SegmentValue},{m.Value:R},{m.CountUsed}\n"));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"{name}_{metric ?? "metrics"}.csv");
        });
        monitors.MapGet("/{name}/compare", async (string name, string column, DateTime first, DateTime second, MonitorExplorerService explorer, CancellationToken ct) =>
        {
            var c = await explorer.CompareWindowsAsync(name, column, first, second, ct);
            return new { hellinger = c.Hellinger, edges = c.First.Edges, first = c.First.Counts, second = c.Second.Counts };
        });
        monitors.MapGet("/{name}/thresholds", async (string name, MonitorThresholdService thresholds, CancellationToken ct) =>
            ToDto(await thresholds.GetAsync(name, ct)));
        monitors.MapPut("/{name}/thresholds", async (string name, ThresholdRequest body, MonitorThresholdService thresholds, CancellationToken ct) =>
            ToDto(await thresholds.SetAsync(name, body.Metric ?? "", body.Column, body.Value, ct)));
        monitors.MapPost("/baselines", async (BaselineRequest request, MonitorExplorerService explorer, CancellationToken ct) =>
            Results.Ok(new { table = request.Output?.ToUpperInvariant(), rows = await explorer.CreateBaselineAsync(request, ct) }));
        return app;
    }

    /// <summary>The custom thresholds and the defaults they override.</summary>
    private static object ToDto(DriftThresholdSet set) => new
    {
        custom = set.Custom.Select(t => new ThresholdDto(t.Metric, t.Column, t.Value)),
        defaults = MetricNames.NumericDrift.Where(m => DriftThresholds.Default(m) is not null).ToDictionary(m => m, m => DriftThresholds.Default(m)!.Value),
    };

    private static MonitorDto ToDto(MonitorInfo m)
    {
        var s = m.Spec;
        return new MonitorDto(s.Name, s.Model, s.Version, s.Function, s.Source, s.Baseline, s.TimestampColumn, s.AggregationWindowDays,
            s.IdColumns, s.PredictionClassColumns, s.PredictionScoreColumns, s.ActualClassColumns, s.SegmentColumns, s.RefreshInterval,
            s.Warehouse, m.State.ToString(), m.CreatedAt, m.CreatedBy, m.LastRefreshAt, m.LastRefreshMessage);
    }
}
