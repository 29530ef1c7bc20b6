namespace Silo.Hosting;

/// <summary>Where a GridPulse silo listens, section <c>Cluster</c> of the configuration.</summary>
public sealed class GridPulseClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>The port silos talk to each other on (<c>--silo-port</c>). Default 11111, as Orleans'.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients connect to (<c>--gateway-port</c>); 0 opens no gateway. Default 30000, as Orleans'.</summary>
    public int GatewayPort { get; set; } = 30000;
}
