using Orleans;

namespace Grains.Interfaces;

/// <summary>
/// What a wall alerts on for a unit (issue 12, section 4): the cases of its subtree that turned overdue most recently
/// (<paramref name="Overdue"/>, latest deadline first, at most <see cref="MostRecentOverdue"/>) and the unit's own
/// report surge this hour (<paramref name="Surge"/>, null when none). Both are state, not events: a wall tells what is
/// new by what it has already shown, so a reconnecting wall, given the current alerts, shows nothing twice. Equal when
/// their notices and surge are equal, so a unit sends its parent a change only when one of them changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.UnitAlerts")]
public sealed record UnitAlerts([Id(0)] IReadOnlyList<OverdueNotice> Overdue, [Id(1)] ReportSurge? Surge)
{
    /// <summary>How many overdue cases a unit's alerts carry: the 督办 strip of a wall shows the latest few.</summary>
    public const int MostRecentOverdue = 10;

    /// <summary>No overdue case and no surge.</summary>
    public static UnitAlerts None { get; } = new([], null);

    /// <inheritdoc />
    public bool Equals(UnitAlerts? other) =>
        other is not null && Surge == other.Surge && Overdue.SequenceEqual(other.Overdue);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Overdue.Count, Surge);
}

/// <summary>
/// A case of the 督办 strip: reported or dispatched and past its <paramref name="Deadline"/>, by its category and grid
/// only (its title and description are a worker's free text, which may name residents). <paramref name="Path"/> has the
/// unit names from the street down to the grid, as a feed item's.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.OverdueNotice")]
public sealed record OverdueNotice(
    [Id(0)] string CaseId,
    [Id(1)] string Category,
    [Id(2)] string GridId,
    [Id(3)] IReadOnlyList<string> Path,
    [Id(4)] DateTimeOffset Deadline)
{
    /// <inheritdoc />
    public bool Equals(OverdueNotice? other) =>
        other is not null && CaseId == other.CaseId && Deadline == other.Deadline && Category == other.Category && GridId == other.GridId;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CaseId, Deadline);
}

/// <summary>
/// A surge of reports (上报激增): in the local hour <paramref name="Hour"/> of <paramref name="Date"/> the unit has
/// <paramref name="Reports"/> reports (visits, trainings, events and cases), at least <c>Surge:MinimumCount</c> and
/// more than <c>Surge:Multiple</c> times <paramref name="Average"/>, the average of the same hour over the 28 days before.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.ReportSurge")]
public sealed record ReportSurge([Id(0)] DateOnly Date, [Id(1)] int Hour, [Id(2)] long Reports, [Id(3)] double Average);

/// <summary>The reports (visits, trainings, events and cases) of each local hour of one day: 24 counts, hour 0 first.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.DayHours")]
public sealed record DayHours([Id(0)] DateOnly Date, [Id(1)] IReadOnlyList<int> Reports);
