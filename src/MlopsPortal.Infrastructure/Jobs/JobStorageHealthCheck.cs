using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>/health's job-storage entry; as for the warehouse, the failure's message is not in the public description.</summary>
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
            return Task.FromResult(HealthCheckResult.Unhealthy("job storage failed to answer", ex));
        }
    }
}
