using Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Grains.Live;

/// <summary>The cluster's <see cref="IActivityRelayGrain"/>: an observer list of the web nodes, and nothing stored.</summary>
internal sealed class ActivityRelayGrain(ILogger<ActivityRelayGrain> logger) : Grain, IActivityRelayGrain
{
    /// <summary>How long a node's subscription lasts without a renewal.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IActivityObserver> _nodes = new(Expiration, logger);

    public Task SubscribeAsync(IActivityObserver node)
    {
        _nodes.Subscribe(node, node);
        return Task.CompletedTask;
    }

    public Task PublishAsync(IActivityObserver from, IReadOnlyList<ActivityItem> items)
    {
        _nodes.Notify(node => node.Received(items), node => !node.Equals(from));
        return Task.CompletedTask;
    }
}
