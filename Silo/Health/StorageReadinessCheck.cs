using Microsoft.Extensions.Diagnostics.HealthChecks;
using Storage;

namespace Silo.Health;

/// <summary>Ready when the event log answers and has space: the grains read what they need from it when they activate.</summary>
public sealed class StorageReadinessCheck(IEventLog eventLog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await eventLog.IsReachableAsync(cancellationToken) ? HealthCheckResult.Healthy()
                : eventLog.IsFull ? HealthCheckResult.Unhealthy("存储空间已满 storage full")
                : HealthCheckResult.Unhealthy("存储不可达 storage unreachable");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("存储不可达 storage unreachable", e);
        }
    }
}
