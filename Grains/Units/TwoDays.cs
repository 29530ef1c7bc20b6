namespace Grains.Units;

/// <summary>
/// The two latest days a unit keeps per-day values for, one slot per parity of the day number, so that a delta a few
/// minutes past midnight (a phone's clock skew) does not wipe the day still running. A slot holds the latest date it
/// has seen: a delta of an older date is too late, one of a newer date takes the slot over and its values start again.
/// </summary>
internal struct TwoDays
{
    private DateOnly _even;
    private DateOnly _odd;

    /// <summary>The date slot <paramref name="slot"/> holds.</summary>
    public readonly DateOnly DateOf(int slot) => slot == 0 ? _even : _odd;

    /// <summary>
    /// Where a delta of <paramref name="date"/> goes: false when its slot holds a later date (the delta is too late);
    /// otherwise true, with <paramref name="cleared"/> true when the slot moved on to <paramref name="date"/> and its
    /// values must start again from zero.
    /// </summary>
    public bool TryTake(DateOnly date, out int slot, out bool cleared)
    {
        slot = SlotOf(date);
        ref var held = ref slot == 0 ? ref _even : ref _odd;
        cleared = date > held;
        if (date < held)
        {
            return false;
        }

        held = date;
        return true;
    }

    /// <summary>The slot holding <paramref name="date"/>; false when neither does (nothing counted that day).</summary>
    public readonly bool TryFind(DateOnly date, out int slot)
    {
        slot = SlotOf(date);
        return DateOf(slot) == date;
    }

    /// <summary>The later of the two dates held.</summary>
    public readonly DateOnly Latest => _even > _odd ? _even : _odd;

    /// <summary>The date held in the slot that <paramref name="date"/> would take.</summary>
    public readonly DateOnly HeldInSlotOf(DateOnly date) => DateOf(SlotOf(date));

    /// <summary>The slot (0 or 1) of <paramref name="date"/>, whatever it holds now.</summary>
    private static int SlotOf(DateOnly date) => date.DayNumber % 2;
}
