using Orleans;

namespace Grains.Interfaces;

/// <summary>How a wall banner (横幅) shows: 通知 in blue, 紧急 in red.</summary>
public enum BannerLevel
{
    /// <summary>通知: a notice.</summary>
    Notice,

    /// <summary>紧急: an urgent message.</summary>
    Urgent,
}

/// <summary>
/// A banner an administrator or leader sends to the walls (issue 13, section 3): it shows on every wall of
/// <paramref name="UnitId"/>'s subtree (a street's banner on the street's wall and on every community and grid wall
/// below it) until <paramref name="Until"/> or its withdrawal. <paramref name="By"/> is the sender's account,
/// <paramref name="At"/> when it was sent; neither is part of what makes a repeat of the same id a duplicate.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.WallBanner")]
public sealed record WallBanner(
    [Id(0)] string Id,
    [Id(1)] string UnitId,
    [Id(2)] string Text,
    [Id(3)] BannerLevel Level,
    [Id(4)] DateTimeOffset Until,
    [Id(5)] string By,
    [Id(6)] DateTimeOffset At)
{
    /// <summary>The longest text of a banner, in characters.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The furthest ahead a banner may last.</summary>
    public static readonly TimeSpan LongestLife = TimeSpan.FromDays(30);

    /// <summary>Whether <paramref name="other"/> asks for the same banner: same id, unit, text, level and end.</summary>
    public bool SameContentAs(WallBanner other) =>
        other is not null && Id == other.Id && UnitId == other.UnitId && Text == other.Text && Level == other.Level && Until == other.Until;
}

/// <summary>The withdrawal (撤回) of banner <paramref name="BannerId"/> by account <paramref name="By"/> at <paramref name="At"/>.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.BannerWithdrawal")]
public sealed record BannerWithdrawal([Id(0)] string BannerId, [Id(1)] string By, [Id(2)] DateTimeOffset At);

/// <summary>
/// An order to reload the walls of <paramref name="UnitId"/>'s subtree (after an upgrade): each wall reloads its page
/// after its own random delay within <paramref name="Window"/>, so hundreds of walls do not ask for the page in the
/// same second. A moment, not a state: it reaches the walls connected when it is given, and is never replayed.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.ReloadOrder")]
public sealed record ReloadOrder(
    [Id(0)] string Id,
    [Id(1)] string UnitId,
    [Id(2)] TimeSpan Window,
    [Id(3)] string By,
    [Id(4)] DateTimeOffset At)
{
    /// <summary>The window when none is given: 30 seconds.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(30);

    /// <summary>The shortest window: 5 seconds.</summary>
    public static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(5);

    /// <summary>The longest window: 600 seconds.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(600);

    /// <summary>Whether <paramref name="other"/> asks for the same reload: same id, unit and window.</summary>
    public bool SameContentAs(ReloadOrder other) =>
        other is not null && Id == other.Id && UnitId == other.UnitId && Window == other.Window;
}

/// <summary>
/// A wall (a hub connection) as its web node knows it: the account it signed in with, the unit it shows (null until it
/// subscribes), since when it is connected, the time of the last push it says it received (its own clock, null before
/// the first) and when the node last heard from it (its connection or its latest heartbeat, the node's clock).
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.ConnectedWall")]
public sealed record ConnectedWall(
    [Id(0)] string ConnectionId,
    [Id(1)] string Account,
    [Id(2)] string? UnitId,
    [Id(3)] DateTimeOffset Since,
    [Id(4)] DateTimeOffset? LastPushReceived,
    [Id(5)] DateTimeOffset LastHeard);
