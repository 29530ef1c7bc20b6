using Orleans;
using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// Carries the live activity feed between the web nodes of a cluster (one grain, key 0): the node that took a write
/// publishes its items here, and every other subscribed node receives them for its walls. A node's own items never
/// come back to it. On one machine there is one node, and no relay.
/// </summary>
public interface IActivityRelayGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes (or renews) <paramref name="node"/>; a subscription lasts a minute unless renewed.</summary>
    Task SubscribeAsync(IActivityObserver node);

    /// <summary>Passes <paramref name="items"/>, published on <paramref name="from"/>, to every other subscribed node.</summary>
    Task PublishAsync(IActivityObserver from, IReadOnlyList<ActivityItem> items);
}

/// <summary>A web node, as it hears the activity published on the other nodes.</summary>
public interface IActivityObserver : IGrainObserver
{
    /// <summary>Items published on another node, oldest first.</summary>
    [OneWay]
    void Received(IReadOnlyList<ActivityItem> items);
}
