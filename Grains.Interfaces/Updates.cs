using Orleans;

namespace Grains.Interfaces;

/// <summary>
/// What a unit sends its parent after a change. Additive counts travel as deltas (<paramref name="Counts"/>,
/// <paramref name="MonthCases"/>) and may arrive in any order; live counts travel as the unit's current values with
/// its <paramref name="Version"/> at the time, and replace the previous ones only when that version is newer.
/// <paramref name="Epoch"/> names the run of versions the deltas belong to: a unit takes a new one when it activates or
/// cannot tell whether its parent got an update, and a parent that sees an epoch it did not sum rebuilds from its
/// children's <see cref="UnitContribution"/>s instead of adding deltas it cannot place.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.UnitUpdate")]
public sealed record UnitUpdate(
    [Id(0)] string UnitId,
    [Id(1)] IReadOnlyList<HourDelta> Counts,
    [Id(2)] IReadOnlyList<MonthCaseDelta> MonthCases,
    [Id(3)] LiveCounts Live,
    [Id(4)] long Version,
    [Id(5)] long Epoch);

/// <summary>A change of the counts of one local hour; <c>CasesReported</c> and <c>CasesClosed</c> may be negative.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.HourDelta")]
public sealed record HourDelta([Id(0)] DateOnly Date, [Id(1)] int Hour, [Id(2)] WindowCounts Counts);

/// <summary>
/// A change of the case figures of the month <paramref name="Month"/> (its first day) for one case
/// <paramref name="Category"/>, over the cases reported that month with cancelled ones left out: those reported; of
/// them those handled (<paramref name="Handled"/>: resolved or closed, due whatever the clock) and, of the handled ones,
/// those closed, closed no later than their deadline, sent back at least once and extended at least once; and the
/// urge actions (督办) on them all. With the running cases past their deadline (<see cref="LiveCounts.Late"/>) they give
/// the month's indicators; the reported ones give its cases per category.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.MonthCaseDelta")]
public sealed record MonthCaseDelta(
    [Id(0)] DateOnly Month,
    [Id(1)] string Category,
    [Id(2)] long Reported,
    [Id(7)] long Handled,
    [Id(3)] long Closed,
    [Id(4)] long ClosedOnTime,
    [Id(5)] long Reworked,
    [Id(8)] long Extended,
    [Id(6)] long Urges);

/// <summary>
/// A unit's live (not windowed) counts at the time it sends them. <paramref name="Late"/> are the running cases of the
/// current local month past their deadline: the part of the month's due cases (应结案数) that the clock makes due.
/// <paramref name="Alerts"/> are the wall's alerts of the unit: the latest overdue cases of its subtree and its own
/// report surge (not its children's: a parent sums counts, not surges).
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.LiveCounts")]
public sealed record LiveCounts(
    [Id(0)] long Open, [Id(1)] long Overdue, [Id(2)] long DueSoon, [Id(3)] WorkerCounts Workers, [Id(4)] LateCases Late, [Id(5)] UnitAlerts Alerts)
{
    /// <summary>No cases and no workers.</summary>
    public static LiveCounts Empty { get; } = new(0, 0, 0, new WorkerCounts(0, 0, 0, 0, 0), LateCases.None, UnitAlerts.None);
}

/// <summary>
/// The reported or dispatched cases reported in the current local month that are past their deadline, and of them
/// those sent back (返工) and those extended (延期) at least once.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.LateCases")]
public sealed record LateCases([Id(0)] long Count, [Id(1)] long Reworked, [Id(2)] long Extended)
{
    /// <summary>No late case.</summary>
    public static LateCases None { get; } = new(0, 0, 0);
}

/// <summary>
/// Everything a unit adds to its parent, as of its <paramref name="Version"/> in <paramref name="Epoch"/>: the total,
/// the days of the ring, the hours of the latest two days (visits, cases, trainings and events only), the latest month's
/// case figures (one delta per category, and one with an empty category for what the categories do not carry), the
/// live counts, and the reports per hour of the earlier days of the last four weeks (<paramref name="History"/>, what a
/// surge is measured against). A parent sums its children's contributions when it (re)builds.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.UnitContribution")]
public sealed record UnitContribution(
    [Id(0)] string UnitId,
    [Id(1)] WindowCounts Total,
    [Id(2)] IReadOnlyList<DayCounts> Days,
    [Id(3)] IReadOnlyList<HourDelta> Hours,
    [Id(4)] IReadOnlyList<MonthCaseDelta> MonthCases,
    [Id(5)] LiveCounts Live,
    [Id(6)] long Version,
    [Id(7)] long Epoch,
    [Id(8)] IReadOnlyList<DayHours> History);

/// <summary>The counts of one local day.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.DayCounts")]
public sealed record DayCounts([Id(0)] DateOnly Date, [Id(1)] WindowCounts Counts);
