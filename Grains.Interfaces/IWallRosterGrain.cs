using Orleans;

namespace Grains.Interfaces;

/// <summary>
/// The walls connected to the cluster (one grain, key 0, in memory only): every web node reports its connected walls
/// every few seconds; the grain keeps each node's latest report and drops a node not heard from for
/// <see cref="NodeExpiry"/> (a web node that died takes its walls with it).
/// </summary>
public interface IWallRosterGrain : IGrainWithIntegerKey
{
    /// <summary>How long a node's report counts without a newer one: 30 seconds.</summary>
    public static readonly TimeSpan NodeExpiry = TimeSpan.FromSeconds(30);

    /// <summary>Replaces what web node <paramref name="node"/> reported before with <paramref name="walls"/>.</summary>
    Task ReportAsync(string node, IReadOnlyList<ConnectedWall> walls);

    /// <summary>The walls of every node heard from within <see cref="NodeExpiry"/>, longest connected first.</summary>
    Task<IReadOnlyList<ConnectedWall>> ListAsync();
}
