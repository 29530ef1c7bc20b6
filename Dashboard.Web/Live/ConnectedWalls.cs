using System.Threading.Channels;
using Grains.Interfaces;

namespace Dashboard.Web.Live;

/// <summary>
/// The walls connected to this web node, one per hub connection: its account, the unit it shows, since when, and when
/// it was last heard from (its connection, then its heartbeats). <see cref="WallOperations"/> reports them to the
/// cluster's roster and pushes banners to them by the unit they show.
/// </summary>
public sealed class ConnectedWalls(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConnectedWall> _walls = new(StringComparer.Ordinal);
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>A wall connected.</summary>
    public void Connected(string connectionId, string account)
    {
        var now = time.GetUtcNow();
        Change(() => _walls[connectionId] = new ConnectedWall(connectionId, account, null, now, null, now));
    }

    /// <summary>A wall subscribed to <paramref name="unitId"/>: the unit it shows now.</summary>
    public void Showing(string connectionId, string unitId) =>
        Change(() => Update(connectionId, wall => wall with { UnitId = unitId }));

    /// <summary>A wall's heartbeat, with the time it last received a push (its own clock).</summary>
    public void Heard(string connectionId, DateTimeOffset? lastPushReceived)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Update(connectionId, wall => wall with { LastHeard = now, LastPushReceived = lastPushReceived ?? wall.LastPushReceived });
        }
    }

    /// <summary>A wall's connection closed.</summary>
    public void Disconnected(string connectionId) => Change(() => _walls.Remove(connectionId));

    /// <summary>The connected walls, longest connected first.</summary>
    public IReadOnlyList<ConnectedWall> All()
    {
        lock (_gate)
        {
            return [.. _walls.Values.OrderBy(wall => wall.Since)];
        }
    }

    /// <summary>Completes when a wall connected, closed or changed the unit it shows since the last wait.</summary>
    public async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        await _changes.Reader.WaitToReadAsync(cancellationToken);
        _changes.Reader.TryRead(out _);
    }

    private void Change(Action change)
    {
        lock (_gate)
        {
            change();
        }

        _changes.Writer.TryWrite(true);
    }

    private void Update(string connectionId, Func<ConnectedWall, ConnectedWall> update)
    {
        if (_walls.TryGetValue(connectionId, out var wall))
        {
            _walls[connectionId] = update(wall);
        }
    }
}
