using System.Collections.Concurrent;
using System.Threading.Channels;
using Grains.Interfaces;
using Grains.Organisation;

namespace Grains.Live;

/// <summary>
/// The live activity feed (spec 4): ingestion publishes each accepted report and new case as an
/// <see cref="ActivityItem"/>, the live push reads them. The queue keeps the newest items when nobody reads fast
/// enough: a feed shows what happens now, and counting never depends on it.
/// </summary>
public sealed class ActivityFeed(OrganisationTree organisation)
{
    /// <summary>How many unread items the feed holds before it drops the oldest.</summary>
    public const int Capacity = 4096;

    private readonly Channel<ActivityItem> _items = Channel.CreateBounded<ActivityItem>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    // The names above a grid, per community: a community's grids share them, and a cache per grid cost 170 bytes a grid.
    private readonly ConcurrentDictionary<string, string[]> _pathsAbove = new(StringComparer.Ordinal);

    // The items published here, for the other web nodes of a cluster (ActivityRelay); made when a relay starts.
    private Channel<ActivityItem>? _outgoing;

    /// <summary>The published items, and those received from the other nodes of a cluster, oldest first.</summary>
    public ChannelReader<ActivityItem> Items => _items.Reader;

    /// <summary>
    /// From now on, the items published on this node go to the returned reader too, for <see cref="ActivityRelay"/>
    /// to pass to the other web nodes; it drops the oldest too when the relay falls behind.
    /// </summary>
    public ChannelReader<ActivityItem> StartRelaying()
    {
        _outgoing ??= Channel.CreateBounded<ActivityItem>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        return _outgoing.Reader;
    }

    /// <summary>Takes items published on another web node of the cluster, as if published here.</summary>
    public void Receive(IReadOnlyList<ActivityItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            _items.Writer.TryWrite(item);
        }
    }

    /// <summary>Publishes an accepted activity report.</summary>
    public void Publish(ActivityReport report) => Publish(ItemOf(report));

    /// <summary>Publishes a newly reported case.</summary>
    public void Publish(NewCase newCase) => Publish(ItemOf(newCase));

    /// <summary>The feed item of an activity report, as published when it was accepted.</summary>
    public ActivityItem ItemOf(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (kind, count) = report.Kind switch
        {
            ActivityKind.Visit => (FeedKind.Visit, report.Households),
            ActivityKind.Training => (FeedKind.Training, report.Participants),
            _ => (FeedKind.Event, report.Participants),
        };
        return ItemOf(report.Id, report.OccurredAt, report.GridId, report.WorkerId, kind, report.Category, count);
    }

    /// <summary>The feed item of a new case, by its category: its title is free text and may name residents (spec 9).</summary>
    public ActivityItem ItemOf(NewCase newCase)
    {
        ArgumentNullException.ThrowIfNull(newCase);
        return ItemOf(newCase.Id, newCase.OccurredAt, newCase.GridId, newCase.WorkerId, FeedKind.Case, newCase.Category, null);
    }

    private void Publish(ActivityItem item)
    {
        _items.Writer.TryWrite(item);
        _outgoing?.Writer.TryWrite(item);
    }

    private ActivityItem ItemOf(string id, DateTimeOffset at, string gridId, string workerId, FeedKind kind, string? category, long? count)
    {
        var worker = organisation.FindWorker(workerId)?.Name ?? workerId;
        return new ActivityItem(gridId, id, at, gridId, PathOf(gridId), kind, worker, category, count);
    }

    /// <summary>The names from the street down to the grid: the root is the same for every item.</summary>
    private IReadOnlyList<string> PathOf(string gridId)
    {
        if (organisation.FindUnit(gridId) is not { ParentId: { } parentId } grid)
        {
            return [];
        }

        var above = _pathsAbove.GetOrAdd(parentId, static (id, tree) => [.. tree.PathOf(id)], organisation);
        return [.. above, grid.Name];
    }
}
