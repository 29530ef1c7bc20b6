using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// What the server calls on a client of <see cref="MetricsHub"/> (spec 4), under the documented names <c>metrics</c>
/// and <c>activity</c>: the .NET client matches names case-sensitively. Payloads are serialized once per push and
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
}
