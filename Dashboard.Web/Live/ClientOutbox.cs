using Dashboard.Web.Hosting;

namespace Dashboard.Web.Live;

/// <summary>
/// What is still to be sent to one hub connection: the newest snapshot per subscribed unit and a few activity
/// batches. One send is in flight at a time; while it waits on a slow client, a newer snapshot replaces the pending
/// one and the oldest activity batch gives way, so a stalled client holds a bounded amount of memory and never delays
/// the others.
/// </summary>
public sealed partial class ClientOutbox(string connectionId, Func<string, SerializedPayload, bool, Task> send, WebMetrics metrics, ILogger logger)
{
    /// <summary>How many activity batches wait for a slow client before the oldest is dropped.</summary>
    public const int MaxActivityBatches = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SerializedPayload> _snapshots = new(StringComparer.Ordinal);
    private readonly Queue<SerializedPayload> _activity = new();
    private bool _sending;
    private bool _closed;

    /// <summary>The connection this outbox sends to.</summary>
    public string ConnectionId => connectionId;

    /// <summary>Notes a snapshot the client already has (a subscribe's answer), so nothing older follows it.</summary>
    public void Delivered(string unitId, long version)
    {
        lock (_gate)
        {
            if (version > _versions.GetValueOrDefault(unitId, -1))
            {
                _versions[unitId] = version;
                _snapshots.Remove(unitId);
            }
        }
    }

    /// <summary>Queues a unit's snapshot unless the client has, or is about to get, this version or a newer one.</summary>
    public void OfferSnapshot(string unitId, long version, SerializedPayload snapshot)
    {
        lock (_gate)
        {
            if (_closed || version <= _versions.GetValueOrDefault(unitId, -1))
            {
                return;
            }

            _versions[unitId] = version;
            if (!_snapshots.TryAdd(unitId, snapshot))
            {
                _snapshots[unitId] = snapshot;
                metrics.OutboxReplaced();
            }
        }

        SendPending();
    }

    /// <summary>Queues an activity batch.</summary>
    public void OfferActivity(SerializedPayload items)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_activity.Count == MaxActivityBatches)
            {
                _activity.Dequeue();
            }

            _activity.Enqueue(items);
        }

        SendPending();
    }

    /// <summary>Forgets a unit the client no longer follows.</summary>
    public void Forget(string unitId)
    {
        lock (_gate)
        {
            _versions.Remove(unitId);
            _snapshots.Remove(unitId);
        }
    }

    /// <summary>Drops everything pending; nothing more is sent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _snapshots.Clear();
            _activity.Clear();
        }
    }

    /// <summary>How many messages wait (for tests and diagnostics).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _snapshots.Count + _activity.Count;
            }
        }
    }

    private void SendPending()
    {
        lock (_gate)
        {
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        _ = SendLoopAsync();
    }

    private async Task SendLoopAsync()
    {
        while (TakeNext() is (var payload, var isSnapshot))
        {
            try
            {
                await send(connectionId, payload, isSnapshot);
            }
            catch (Exception exception)
            {
                // The connection is going away; its disconnect removes this outbox.
                LogSendFailed(exception, connectionId);
                Close();
            }
        }
    }

    private (SerializedPayload Payload, bool IsSnapshot)? TakeNext()
    {
        lock (_gate)
        {
            if (!_closed && _snapshots.Count > 0)
            {
                var (unitId, snapshot) = _snapshots.First();
                _snapshots.Remove(unitId);
                return (snapshot, true);
            }

            if (!_closed && _activity.TryDequeue(out var items))
            {
                return (items, false);
            }

            _sending = false;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Push to {ConnectionId} failed; the connection is closing")]
    private partial void LogSendFailed(Exception exception, string connectionId);
}
