namespace Silo.Hosting;

/// <summary>Where a GridPulse silo listens and which cluster it joins, section <c>Cluster</c> of the configuration.</summary>
public sealed class GridPulseClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>The key of <see cref="Redis"/>.</summary>
    public const string RedisKey = SectionName + ":" + nameof(Redis);

    /// <summary>The port silos talk to each other on (<c>--silo-port</c>). Default 11111, as Orleans'.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients connect to (<c>--gateway-port</c>); 0 opens no gateway. Default 30000, as Orleans'.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The Redis server of the cluster's membership (<c>--redis</c>, a StackExchange.Redis configuration such as
    /// <c>127.0.0.1:6379</c>). Unset: one machine, localhost clustering; a web node then co-hosts its silo.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The cluster's id: silos and clients with the same one form a cluster. Default <c>gridpulse</c>.</summary>
    public string ClusterId { get; set; } = "gridpulse";

    /// <summary>The service's id, which outlives deployments of the cluster. Default <c>gridpulse</c>.</summary>
    public string ServiceId { get; set; } = "gridpulse";

    /// <summary>
    /// The address a silo gives the others and the clients (<c>--address</c>). Default: Orleans' choice, the first
    /// non-loopback IPv4 address of the machine; <c>127.0.0.1</c> keeps a cluster on one machine.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>True when the cluster's membership is in Redis (cluster mode).</summary>
    public bool IsCluster => !string.IsNullOrWhiteSpace(Redis);
}
