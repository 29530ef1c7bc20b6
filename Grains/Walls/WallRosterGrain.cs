using Grains.Interfaces;

namespace Grains.Walls;

/// <summary>The cluster's <see cref="IWallRosterGrain"/>: each web node's latest report and when it came, in memory only.</summary>
internal sealed class WallRosterGrain(TimeProvider time) : Grain, IWallRosterGrain
{
    private readonly Dictionary<string, (DateTimeOffset Heard, IReadOnlyList<ConnectedWall> Walls)> _nodes = new(StringComparer.Ordinal);

    public Task ReportAsync(string node, IReadOnlyList<ConnectedWall> walls)
    {
        _nodes[node] = (time.GetUtcNow(), walls);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConnectedWall>> ListAsync()
    {
        var heardSince = time.GetUtcNow() - IWallRosterGrain.NodeExpiry;
        foreach (var node in _nodes.Where(node => node.Value.Heard < heardSince).Select(node => node.Key).ToList())
        {
            _nodes.Remove(node);
        }

        return Task.FromResult<IReadOnlyList<ConnectedWall>>([.. _nodes.Values.SelectMany(node => node.Walls).OrderBy(wall => wall.Since)]);
    }
}
