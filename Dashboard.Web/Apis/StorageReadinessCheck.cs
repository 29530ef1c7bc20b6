using Grains.Replay;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Storage;

namespace Dashboard.Web.Apis;

/// <summary>Ready when the log has been replayed into the grains and the event log answers.</summary>
internal sealed class StorageReadinessCheck(IEventLog eventLog, ReplayStatus replay) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!replay.IsComplete)
        {
            return HealthCheckResult.Unhealthy("正在重放事件日志 replaying the event log");
        }

        try
        {
            return await eventLog.IsReachableAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("存储不可达 storage unreachable");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("存储不可达 storage unreachable", e);
        }
    }
}
