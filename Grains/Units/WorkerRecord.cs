using Grains.Interfaces;

namespace Grains.Units;

/// <summary>What a grid knows of one of its workers, and the presence rule of spec 2.4.</summary>
internal sealed class WorkerRecord(Worker worker)
{
    /// <summary>A worker not heard from for longer than this counts as offline.</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromMinutes(15);

    public Worker Worker { get; } = worker;

    public WorkerDutyStatus? Status { get; private set; }

    // default means never: a nullable DateTimeOffset costs 8 bytes more than one.
    private DateTimeOffset _statusAt;
    private DateTimeOffset _lastSeen;

    public DateTimeOffset? StatusAt => _statusAt == default ? null : _statusAt;

    public DateTimeOffset? LastSeen => _lastSeen == default ? null : _lastSeen;

    /// <summary>Takes a status unless a later one is held; answers whether the worker's status or last sighting changed.</summary>
    public bool Take(WorkerStatusReport report)
    {
        var changed = false;
        if (StatusAt is null || report.At >= StatusAt)
        {
            changed = Status != report.Status || StatusAt != report.At;
            Status = report.Status;
            _statusAt = report.At;
        }

        return Seen(report.At) || changed;
    }

    /// <summary>Notes that the worker was heard from at <paramref name="at"/>; answers whether that is later than before.</summary>
    public bool Seen(DateTimeOffset at)
    {
        if (LastSeen is null || at > LastSeen)
        {
            _lastSeen = at;
            return true;
        }

        return false;
    }

    /// <summary>Offline when never heard from or silent for 15 minutes; a worker heard from without a status is on duty.</summary>
    public WorkerPresence PresenceAt(DateTimeOffset now)
    {
        if (LastSeen is null || now - LastSeen > OfflineAfter)
        {
            return WorkerPresence.Offline;
        }

        return Status switch
        {
            WorkerDutyStatus.Patrolling => WorkerPresence.Patrolling,
            WorkerDutyStatus.OffDuty => WorkerPresence.OffDuty,
            _ => WorkerPresence.OnDuty,
        };
    }

    /// <summary>The moment the worker goes offline if nothing is heard, or null when already offline.</summary>
    public DateTimeOffset? OfflineFrom(DateTimeOffset now) =>
        LastSeen is { } seen && now - seen <= OfflineAfter ? seen + OfflineAfter + TimeSpan.FromTicks(1) : null;

    public WorkerView ToView(DateTimeOffset now) => new(Worker.Id, Worker.Name, Worker.GridId, PresenceAt(now), LastSeen);
}
