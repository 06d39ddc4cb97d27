using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Warehouse;

/// <summary>
/// /health's warehouse entry. The failure's message stays in the exception (logged by the health middleware), not in
/// the description that anonymous callers read: a driver's message can name hosts and accounts.
/// </summary>
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{warehouse.Dialect.Name} failed to answer", ex);
        }
    }
}
