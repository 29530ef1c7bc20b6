using Dashboard.Web.Accounts;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// The live hub at <c>/hubs/metrics</c> (spec 4): a client subscribes to units and gets their snapshot at once;
/// <see cref="MetricsPusher"/> sends what changes afterwards.
/// </summary>
public sealed class MetricsHub(
    OrganisationTree organisation, UnitQueries units, Subscriptions subscriptions, HubConnectionRegistry connections, ConnectedWalls walls, WallOperations wallOperations)
    : Hub<IDashboardClient>
{
    /// <summary>The hub's address.</summary>
    public const string Path = "/hubs/metrics";

    /// <summary>
    /// Subscribes the caller to a unit and returns its current snapshot. What a connection follows comes from its
    /// identity: a unit outside the caller's scope is refused, as over HTTP (an unknown one too, except to an
    /// administrator), and nothing is recorded.
    /// </summary>
    /// <exception cref="HubException">The unit is out of scope or does not exist, or the connection holds too many subscriptions.</exception>
    public async Task<UnitSnapshot> Subscribe(string unitId)
    {
        if (Context.User is not { } user || !AccessScope.Of(user, organisation).CanRead(unitId))
        {
            throw new HubException($"无权订阅单位“{unitId}”：它不在你的管辖范围内。");
        }

        if (organisation.FindUnit(unitId) is null)
        {
            throw new HubException($"单位“{unitId}”不存在。");
        }

        if (!subscriptions.Add(Context.ConnectionId, unitId))
        {
            throw new HubException($"每个连接最多订阅 {Subscriptions.MaxUnitsPerConnection} 个单位。");
        }

        var snapshot = await units.GetSnapshotAsync(unitId) ?? throw new HubException($"单位“{unitId}”不存在。");
        subscriptions.Delivered(Context.ConnectionId, unitId, snapshot.Version);
        wallOperations.Showing(Context.ConnectionId, unitId);
        return snapshot;
    }

    /// <summary>
    /// A wall's heartbeat (every 10 s): it is alive, and received its last push at <paramref name="lastPushReceivedAt"/>
    /// (milliseconds since 1970 by its own clock; null before the first).
    /// </summary>
    public void Heartbeat(long? lastPushReceivedAt) =>
        walls.Heard(Context.ConnectionId, lastPushReceivedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);

    /// <summary>Stops the pushes of a unit to the caller.</summary>
    public void Unsubscribe(string unitId) => subscriptions.Remove(Context.ConnectionId, unitId);

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        walls.Connected(Context.ConnectionId, Context.UserIdentifier ?? "");
        return connections.AddAsync(Context);
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        walls.Disconnected(Context.ConnectionId);
        subscriptions.RemoveConnection(Context.ConnectionId);
        return Task.CompletedTask;
    }
}
