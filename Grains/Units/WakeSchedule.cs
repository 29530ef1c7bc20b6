using Grains.Interfaces;
using Orleans;

namespace Grains.Units;

/// <summary>
/// One clock per silo for the grids' wake-ups (a case turning due soon or overdue, a worker going offline, the local
/// day ending): a grid says when it next needs waking, and from then on, at the first tick (every second) at or after
/// that time, the schedule calls the grid's <see cref="IGridGrain.WakeAsync"/>, an ordinary one-way grain call handled
/// in the grid's own turn. A grain timer per grid cost each grid about 750 bytes; here a grid costs one queue entry
/// while it waits. Every silo runs its own; a grid that moved or activated again asks anew, and a wake that finds
/// nothing changed costs one call.
/// </summary>
public sealed class WakeSchedule : IDisposable
{
    /// <summary>How often the schedule looks for grids to wake: the most a wake-up is late.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    /// <summary>Ticks on <paramref name="time"/>, the grains' clock.</summary>
    public WakeSchedule(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        _timer = time.CreateTimer(static schedule => ((WakeSchedule)schedule!).WakeDue(), this, Tick, Tick);
    }

    /// <summary>Wakes <paramref name="gridId"/> at <paramref name="at"/> (the grid asks only when that is earlier than what it asked before).</summary>
    public void Schedule(string gridId, DateTimeOffset at)
    {
        lock (_lock)
        {
            _due.Enqueue(gridId, at);
        }
    }

    /// <summary>Grids waiting to be woken, for tests.</summary>
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
        var now = _time.GetUtcNow();
        List<string>? due = null;
        lock (_lock)
        {
            while (_due.TryPeek(out var gridId, out var at) && at <= now)
            {
                _due.Dequeue();
                (due ??= []).Add(gridId);
            }
        }

        // Outside the lock: a call may run a local grain's turn on this thread.
        foreach (var gridId in due?.Distinct(StringComparer.Ordinal) ?? [])
        {
            _ = _grains.GetGrain<IGridGrain>(gridId).WakeAsync();
        }
    }
}
