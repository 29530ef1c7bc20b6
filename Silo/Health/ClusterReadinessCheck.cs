using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Silo.Health;

/// <summary>
/// Ready when the cluster answers: at least one silo is active and reachable from here (the co-hosted silo on one
/// machine; in a cluster, through the gateways). A web node whose silos are all gone cannot serve the grains' numbers.
/// </summary>
public sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            var silos = await hosts.WaitAsync(Timeout, cancellationToken);
            return silos.Count > 0 ? HealthCheckResult.Healthy($"{silos.Count} silo(s) active") : HealthCheckResult.Unhealthy("没有活动的网格服务节点 no active silo");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("网格服务节点不可达 the silos cannot be reached", e);
        }
    }
}
