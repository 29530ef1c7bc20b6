using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Live;

/// <summary>
/// The latest activity items of the whole organisation, so a page that opens shows a feed at once
/// (<c>GET /api/units/{id}/activity</c>) before the first push. A fixed ring: memory stays the same for weeks.
/// </summary>
public sealed class RecentActivity(OrganisationTree organisation)
{
    /// <summary>How many items the ring keeps.</summary>
    public const int Capacity = 1000;

    /// <summary>How many items an answer holds at most.</summary>
    public const int MaxItems = 50;

    private readonly Lock _gate = new();
    private readonly RingBuffer<ActivityItem> _items = new(Capacity);

    /// <summary>Adds an item as the newest.</summary>
    public void Add(ActivityItem item)
    {
        lock (_gate)
        {
            _items.Add(item);
        }
    }

    /// <summary>The newest items in the subtree of <paramref name="unitId"/>, at most <see cref="MaxItems"/>, oldest first.</summary>
    public IReadOnlyList<ActivityItem> Of(string unitId)
    {
        ActivityItem[] newest;
        lock (_gate)
        {
            newest = [.. _items.NewestFirst()];
        }

        var found = new List<ActivityItem>(MaxItems);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in newest)
        {
            // An item read from the log at start may also have come from the feed (RecentActivitySeed).
            if (organisation.LineOf(item.GridId).Any(unit => unit.Id == unitId) && ids.Add(item.Id))
            {
                found.Add(item with { UnitId = unitId });
                if (found.Count == MaxItems)
                {
                    break;
                }
            }
        }

        found.Reverse();
        return found;
    }
}
