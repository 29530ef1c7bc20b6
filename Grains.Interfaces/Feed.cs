using Orleans;

namespace Grains.Interfaces;

/// <summary>What an item of the live activity feed tells of.</summary>
public enum FeedKind
{
    /// <summary>走访/入户.</summary>
    Visit,

    /// <summary>培训.</summary>
    Training,

    /// <summary>活动.</summary>
    Event,

    /// <summary>事件上报: a new case.</summary>
    Case,
}

/// <summary>
/// One item of the live activity feed (spec 4): when, where (the grid, and the unit names from the street down), what,
/// and the worker's display name, the only personal data a wall shows (spec 9). A case appears by its category only:
/// its title and description are a worker's free text, which may name residents, so they stay out of the feed. <paramref name="UnitId"/> is the
/// unit whose feed carries the item: the grid where it is published, the subscribed unit when it is pushed.
/// <paramref name="Count"/> is the households of a visit or the participants of a training or event.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.ActivityItem")]
public sealed record ActivityItem(
    [Id(0)] string UnitId,
    [Id(1)] string Id,
    [Id(2)] DateTimeOffset At,
    [Id(3)] string GridId,
    [Id(4)] IReadOnlyList<string> Path,
    [Id(5)] FeedKind Kind,
    [Id(6)] string Worker,
    [Id(7)] string? Category,
    [Id(8)] long? Count);
