namespace Grains.Interfaces;

/// <summary>Counts of one window (today, month to date, total) (spec 3.1).</summary>
public sealed record WindowCounts(
    long Visits,
    long Households,
    long Trainings,
    long TrainingParticipants,
    long Events,
    long EventParticipants,
    long CasesReported,
    long CasesClosed);

/// <summary>
/// Case indicators of a unit: live open, overdue and due-soon counts, and this month's rates over the cases
/// reported this month with cancelled ones left out (null while no case was reported this month).
/// </summary>
public sealed record CaseIndicators(
    long Open,
    long Overdue,
    long DueSoon,
    double? ClosureRate,
    double? OnTimeRate,
    double? ReworkRate);

/// <summary>Workers per status; a worker not heard from for 15 minutes counts as offline whatever its status.</summary>
public sealed record WorkerCounts(long OnDuty, long Patrolling, long OffDuty, long Offline, long Total);

/// <summary>One local hour of today.</summary>
public sealed record HourBucket(long Visits, long Cases, long Trainings, long Events);

/// <summary>One local day.</summary>
public sealed record DayBucket(DateOnly Date, long Visits, long Cases, long Trainings, long Events);

/// <summary>A child unit as its parent's snapshot lists it.</summary>
public sealed record ChildSummary(
    string UnitId,
    string Name,
    UnitLevel Level,
    WindowCounts Today,
    CaseIndicators Cases,
    WorkerCounts Workers);

/// <summary>Cases reported this month in one category, cancelled ones left out.</summary>
public sealed record CategoryCount(string Category, long Count);

/// <summary>
/// A unit's snapshot (spec 3.1). <paramref name="Version"/> grows by one with every change to the unit.
/// <paramref name="Hourly"/> has 24 local hours of today; <paramref name="Daily"/> the last 31 local days, oldest first.
/// <paramref name="Categories"/>, beyond spec 3.1, has this month's cases per category, largest first.
/// </summary>
public sealed record UnitSnapshot(
    string UnitId,
    string Name,
    UnitLevel Level,
    long Version,
    DateTimeOffset AsOf,
    WindowCounts Today,
    WindowCounts Month,
    WindowCounts Total,
    CaseIndicators Cases,
    WorkerCounts Workers,
    IReadOnlyList<HourBucket> Hourly,
    IReadOnlyList<DayBucket> Daily,
    IReadOnlyList<ChildSummary> Children,
    IReadOnlyList<CategoryCount> Categories);
