namespace Grains.Interfaces;

/// <summary>
/// What a unit sends its parent after a change. Additive counts travel as deltas (<paramref name="Counts"/>,
/// <paramref name="MonthCases"/>) and may arrive in any order; live counts travel as the unit's current values with
/// its <paramref name="Version"/> at the time, and replace the previous ones only when that version is newer.
/// </summary>
public sealed record UnitUpdate(
    string UnitId,
    IReadOnlyList<HourDelta> Counts,
    IReadOnlyList<MonthCaseDelta> MonthCases,
    LiveCounts Live,
    long Version);

/// <summary>A change of the counts of one local hour; <c>CasesReported</c> and <c>CasesClosed</c> may be negative.</summary>
public sealed record HourDelta(DateOnly Date, int Hour, WindowCounts Counts);

/// <summary>
/// A change of the case figures of the month <paramref name="Month"/> (its first day) for one case
/// <paramref name="Category"/>: cases reported that month (cancelled left out), of them closed, closed in time, and
/// sent back at least once. They give the month's rates and its cases per category.
/// </summary>
public sealed record MonthCaseDelta(DateOnly Month, string Category, long Reported, long Closed, long ClosedOnTime, long Reworked);

/// <summary>A unit's live (not windowed) counts at the time it sends them.</summary>
public sealed record LiveCounts(long Open, long Overdue, long DueSoon, WorkerCounts Workers)
{
    /// <summary>No cases and no workers.</summary>
    public static LiveCounts Empty { get; } = new(0, 0, 0, new WorkerCounts(0, 0, 0, 0, 0));
}
