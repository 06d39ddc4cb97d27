using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Web.Hosting;

public sealed class WarehouseHealthCheck(IWarehouse warehouse) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await warehouse.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{warehouse.Dialect.Name} answers")
                : HealthCheckResult.Unhealthy($"{warehouse.Dialect.Name} did not answer");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{warehouse.Dialect.Name}: {ex.Message}");
        }
    }
}

public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var stats = storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy($"{stats.Servers} job server(s), {stats.Enqueued} queued"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"job storage: {ex.Message}"));
        }
    }
}

public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
