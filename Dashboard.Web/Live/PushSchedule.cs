namespace Dashboard.Web.Live;

/// <summary>What a unit has waiting to be pushed.</summary>
[Flags]
public enum PendingPush
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Its snapshot changed.</summary>
    Snapshot = 1,

    /// <summary>New activity in its subtree.</summary>
    Activity = 2,
}

/// <summary>
/// When each unit may be pushed next: at once if its last push is at least an interval ago (so a quiet unit's change
/// goes out without waiting), otherwise one interval after its last push, with everything that came in between.
/// </summary>
public sealed class PushSchedule(TimeSpan interval)
{
    private readonly Dictionary<string, UnitState> _units = new(StringComparer.Ordinal);

    /// <summary>Notes that a unit has something to push.</summary>
    public void Mark(string unitId, PendingPush pending)
    {
        if (!_units.TryGetValue(unitId, out var state))
        {
            state = new UnitState();
            _units[unitId] = state;
        }

        state.Pending |= pending;
    }

    /// <summary>The units due at <paramref name="now"/> with what they have pending; each is then pushed as of now.</summary>
    public IReadOnlyList<(string UnitId, PendingPush Pending)> TakeDue(DateTimeOffset now)
    {
        var due = new List<(string, PendingPush)>();
        foreach (var (unitId, state) in _units)
        {
            if (state.Pending != PendingPush.None && now >= state.LastPush + interval)
            {
                due.Add((unitId, state.Pending));
                state.Pending = PendingPush.None;
                state.LastPush = now;
            }
        }

        return due;
    }

    /// <summary>When the next unit with something pending comes due; null when nothing is pending.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? next = null;
        foreach (var state in _units.Values)
        {
            if (state.Pending != PendingPush.None && (next is null || state.LastPush + interval < next))
            {
                next = state.LastPush + interval;
            }
        }

        return next;
    }

    /// <summary>Forgets the units <paramref name="keep"/> says no; their next change goes out at once.</summary>
    public void Prune(Func<string, bool> keep)
    {
        foreach (var unitId in _units.Keys.Where(id => !keep(id)).ToList())
        {
            _units.Remove(unitId);
        }
    }

    private sealed class UnitState
    {
        public DateTimeOffset LastPush { get; set; } = DateTimeOffset.MinValue;

        public PendingPush Pending { get; set; }
    }
}
