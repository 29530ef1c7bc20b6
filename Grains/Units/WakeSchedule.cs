using Grains.Interfaces;

namespace Grains.Units;

/// <summary>
/// One clock per silo for the units' wake-ups (a grid's case turning due soon or overdue, a worker going offline, the
/// local day ending; a unit's report surge ending with its hour): a unit says when it next needs waking, and from then
/// on, at the first tick (every second) at or after that time, the schedule calls the unit's
/// <see cref="IUnitGrain.WakeAsync"/>, an ordinary one-way grain call handled in the unit's own turn. A grain timer per
/// grid cost each grid about 750 bytes; here a unit costs one queue entry while it waits. Every silo runs its own; a
/// unit that moved or activated again asks anew, and a wake that finds nothing changed costs one call.
/// </summary>
public sealed class WakeSchedule : IDisposable
{
    /// <summary>How often the schedule looks for grids to wake: the most a wake-up is late.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    // By UTC ticks: 16 bytes an entry instead of 24 with a DateTimeOffset.
    private readonly PriorityQueue<Unit, long> _due = new();
    private readonly UnitReferences _units;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    /// <summary>Ticks on <paramref name="time"/>, the grains' clock.</summary>
    public WakeSchedule(UnitReferences units, TimeProvider time)
    {
        _units = units;
        _time = time;
        _timer = time.CreateTimer(static schedule => ((WakeSchedule)schedule!).WakeDue(), this, Tick, Tick);
    }

    /// <summary>Wakes <paramref name="unit"/> at <paramref name="at"/> (a unit asks only when that is earlier than what it asked before).</summary>
    public void Schedule(Unit unit, DateTimeOffset at)
    {
        lock (_lock)
        {
            _due.Enqueue(unit, at.UtcTicks);
        }
    }

    /// <summary>Units waiting to be woken, for tests.</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void WakeDue()
    {
        var now = _time.GetUtcNow().UtcTicks;
        List<Unit>? due = null;
        lock (_lock)
        {
            while (_due.TryPeek(out var unit, out var at) && at <= now)
            {
                _due.Dequeue();
                (due ??= []).Add(unit);
            }
        }

        // Outside the lock: a call may run a local grain's turn on this thread.
        foreach (var unit in due?.Distinct() ?? [])
        {
            _ = _units.Of(unit).WakeAsync();
        }
    }
}
