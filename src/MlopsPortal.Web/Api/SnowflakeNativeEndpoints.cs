using MlopsPortal.Core.SnowflakeNative.Contracts;
using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Infrastructure.SnowflakeNative;

namespace MlopsPortal.Web.Api;

/// <summary>/api/snowflake: Snowflake's own registry, model monitors, alerts and PREDICT_PROBA scoring.</summary>
public static class SnowflakeNativeEndpoints
{

    public static IEndpointRouteBuilder MapSnowflakeNativeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/snowflake").RequireAuthorization().WithTags("Snowflake");
        api.MapGet("/status", (SnowflakeNative native) => native.Status);

        api.MapGet("/models", (SnowflakeNative native, CancellationToken ct) => native.ListModelsAsync(ct));
        api.MapGet("/models/{model}/versions", (string model, SnowflakeNative native, CancellationToken ct) => native.ListVersionsAsync(model, ct));
        api.MapPut("/models/{model}/aliases/{alias}", async (string model, string alias, AliasRequest request, SnowflakeNative native, CancellationToken ct) =>
            new { statements = await native.SetAliasAsync(model, alias, request.Version ?? "", ct) });
        api.MapDelete("/models/{model}/aliases/{alias}", async (string model, string alias, SnowflakeNative native, CancellationToken ct) =>
        {
            await native.UnsetAliasAsync(model, alias, ct);
            return Results.NoContent();
        });
        api.MapGet("/models/{model}/audit", (string model, SnowflakeNative native, CancellationToken ct) => native.AuditAsync(model, ct));
        api.MapPut("/models/{model}/versions/{version}/metrics", async (string model, string version, MetricsRequest request, SnowflakeNative native, CancellationToken ct) =>
            new { metadata = await native.SetMetricsAsync(model, version, request.Metrics ?? [], ct) });

        api.MapGet("/monitors", (SnowflakeNative native, CancellationToken ct) => native.ListMonitorsAsync(ct));
        api.MapPost("/monitors", async (MonitorRequest request, bool? replace, SnowflakeNative native, CancellationToken ct) =>
        {
            var spec = await native.CreateMonitorAsync(request, replace ?? false, ct);
            return Results.Created($"/api/snowflake/monitors/{spec.Name}", spec);
        });
        api.MapPost("/monitors/{monitor}/suspend", (string monitor, SnowflakeNative native, CancellationToken ct) => NoContent(native.SetMonitorStateAsync(monitor, false, ct)));
        api.MapPost("/monitors/{monitor}/resume", (string monitor, SnowflakeNative native, CancellationToken ct) => NoContent(native.SetMonitorStateAsync(monitor, true, ct)));
        api.MapDelete("/monitors/{monitor}", (string monitor, SnowflakeNative native, CancellationToken ct) => NoContent(native.DropMonitorAsync(monitor, ct)));
        api.MapGet("/monitors/{monitor}/metrics", async (string monitor, string metric, string? column, int? granularityDays, DateTime start, DateTime end,
            SnowflakeNative native, CancellationToken ct) =>
            (await native.MetricsAsync(monitor, metric, column, granularityDays ?? 1, start.ToUniversalTime(), end.ToUniversalTime(), ct))
                .Select(p => new MlopsPortal.Core.Monitoring.Contracts.MetricPointDto(p.EventTimestamp, p.Value.Value, p.Value.CountUsed, p.Value.Column, p.Value.Metric, null, null))
                .ToList());

        api.MapGet("/alerts", (SnowflakeNative native, CancellationToken ct) => native.ListAlertsAsync(ct));
        api.MapPost("/alerts", async (NativeAlertRequest request, SnowflakeNative native, CancellationToken ct) =>
            Results.Created($"/api/snowflake/alerts/{request.Alert.Name}", new { statements = await native.CreateAlertAsync(request, ct) }));
        foreach (var action in new[] { NativeAlertAction.Resume, NativeAlertAction.Suspend, NativeAlertAction.Execute })
        {
            api.MapPost($"/alerts/{{alert}}/{action.ToString().ToLowerInvariant()}", (string alert, SnowflakeNative native, CancellationToken ct) =>
                NoContent(native.AlertActionAsync(alert, action, ct)));
        }
        api.MapDelete("/alerts/{alert}", (string alert, SnowflakeNative native, CancellationToken ct) => NoContent(native.AlertActionAsync(alert, NativeAlertAction.Drop, ct)));

        api.MapPost("/scoring", async (NativeScoringRequest request, SnowflakeNative native, CancellationToken ct) =>
            new { rows = await native.ScoreAsync(request, ct) });
        return app;
    }

    private static async Task<IResult> NoContent(Task action)
    {
        await action;
        return Results.NoContent();
    }
}
