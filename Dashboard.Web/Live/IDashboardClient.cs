using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// What the server calls on a client of <see cref="MetricsHub"/> (spec 4), under the documented names <c>metrics</c>,
/// <c>activity</c>, <c>banners</c> and <c>reload</c>: the .NET client matches names case-sensitively. Payloads are serialized once per push and
/// shared by every subscriber.
/// </summary>
public interface IDashboardClient
{
    /// <summary>A newer <see cref="Grains.Interfaces.UnitSnapshot"/> of a subscribed unit; its version is above any sent before.</summary>
    [HubMethodName("metrics")]
    Task Metrics(SerializedPayload snapshot);

    /// <summary>
    /// New <see cref="Grains.Interfaces.ActivityItem"/>s in a subscribed unit's subtree, oldest first, each with the
    /// subscribed unit's id.
    /// </summary>
    [HubMethodName("activity")]
    Task Activity(SerializedPayload items);

    /// <summary>
    /// The active <see cref="Grains.Interfaces.WallBanner"/>s of the unit the wall shows (its own and those of the units
    /// above it), newest first: the whole list, sent when it changes and after every subscribe, so a repeat changes nothing.
    /// </summary>
    [HubMethodName("banners")]
    Task Banners(IReadOnlyList<Grains.Interfaces.WallBanner> banners);

    /// <summary>Reload the page after <paramref name="delayMilliseconds"/> (a reload order's jitter within its window).</summary>
    [HubMethodName("reload")]
    Task Reload(int delayMilliseconds);
}
