using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// Who follows which unit: an outbox per hub connection and the outboxes per unit. The first subscriber of a unit
/// makes <see cref="UnitChanges"/> watch it, the last one to leave stops that.
/// </summary>
public sealed class Subscriptions(UnitChanges changes, IHubContext<MetricsHub, IDashboardClient> hub, WebMetrics metrics, ILogger<ClientOutbox> logger)
{
    /// <summary>How many units one connection may follow at once.</summary>
    public const int MaxUnitsPerConnection = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Follower> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClientOutbox[]> _units = new(StringComparer.Ordinal);

    /// <summary>Subscribes a connection to a unit; false when the connection already follows the most it may.</summary>
    public bool Add(string connectionId, string unitId)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var follower))
            {
                follower = new Follower(new ClientOutbox(connectionId, SendAsync, metrics, logger));
                _connections[connectionId] = follower;
            }

            if (follower.Units.Contains(unitId))
            {
                return true;
            }

            if (follower.Units.Count >= MaxUnitsPerConnection)
            {
                return false;
            }

            follower.Units.Add(unitId);
            var outboxes = _units.GetValueOrDefault(unitId, []);
            _units[unitId] = [.. outboxes, follower.Outbox];
            if (outboxes.Length == 0)
            {
                changes.Watch(unitId);
            }

            return true;
        }
    }

    /// <summary>Notes the snapshot a subscribe answered with, so no older push follows it.</summary>
    public void Delivered(string connectionId, string unitId, long version)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(connectionId, out var follower))
            {
                follower.Outbox.Delivered(unitId, version);
            }
        }
    }

    /// <summary>Unsubscribes a connection from a unit.</summary>
    public void Remove(string connectionId, string unitId)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(connectionId, out var follower) && follower.Units.Remove(unitId))
            {
                follower.Outbox.Forget(unitId);
                Detach(unitId, follower.Outbox);
            }
        }
    }

    /// <summary>Forgets a connection that closed, with all it followed.</summary>
    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (!_connections.Remove(connectionId, out var follower))
            {
                return;
            }

            follower.Outbox.Close();
            foreach (var unitId in follower.Units)
            {
                Detach(unitId, follower.Outbox);
            }
        }
    }

    /// <summary>The outboxes of a unit's subscribers (a copy that later changes leave alone).</summary>
    public IReadOnlyList<ClientOutbox> SubscribersOf(string unitId)
    {
        lock (_gate)
        {
            return _units.GetValueOrDefault(unitId, []);
        }
    }

    /// <summary>Whether anyone follows the unit.</summary>
    public bool IsFollowed(string unitId)
    {
        lock (_gate)
        {
            return _units.ContainsKey(unitId);
        }
    }

    /// <summary>The outbox of a connection, or null (for tests and diagnostics).</summary>
    public ClientOutbox? OutboxOf(string connectionId)
    {
        lock (_gate)
        {
            return _connections.GetValueOrDefault(connectionId)?.Outbox;
        }
    }

    private void Detach(string unitId, ClientOutbox outbox)
    {
        var remaining = _units.GetValueOrDefault(unitId, []).Where(o => o != outbox).ToArray();
        if (remaining.Length > 0)
        {
            _units[unitId] = remaining;
            return;
        }

        _units.Remove(unitId);
        changes.Unwatch(unitId);
    }

    private Task SendAsync(string connectionId, SerializedPayload payload, bool isSnapshot)
    {
        var client = hub.Clients.Client(connectionId);
        metrics.Pushed(isSnapshot ? "metrics" : "activity");
        return isSnapshot ? client.Metrics(payload) : client.Activity(payload);
    }

    private sealed record Follower(ClientOutbox Outbox)
    {
        public HashSet<string> Units { get; } = new(StringComparer.Ordinal);
    }
}
