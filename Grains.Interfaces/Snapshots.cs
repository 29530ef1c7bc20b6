using Orleans;

namespace Grains.Interfaces;

/// <summary>Counts of one window (today, month to date, total) (spec 3.1).</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.WindowCounts")]
public sealed record WindowCounts(
    [Id(0)] long Visits,
    [Id(1)] long Households,
    [Id(2)] long Trainings,
    [Id(3)] long TrainingParticipants,
    [Id(4)] long Events,
    [Id(5)] long EventParticipants,
    [Id(6)] long CasesReported,
    [Id(7)] long CasesClosed);

/// <summary>
/// Case indicators of a unit (spec 2.3, 3.1). <paramref name="Open"/>, <paramref name="Overdue"/> and
/// <paramref name="DueSoon"/> are live, over all its cases. The rest is this month's, as the digital city-management
/// evaluation counts (GB/T 30428.4 style), over the cases reported this month that are due (<paramref name="Due"/>,
/// 应结案数: not cancelled, and closed, resolved or past their deadline): <paramref name="ClosureRate"/> (结案率) closed /
/// due, <paramref name="OnTimeRate"/> (按期结案率) closed no later than the deadline / due, <paramref name="ReworkRate"/>
/// (返工率) sent back at least once / due, <paramref name="ExtensionRate"/> (延期率) extended at least once / due, each 0
/// to 1, and <paramref name="Score"/> (综合指标值) from 0 to 100, the weighted sum of the on-time rate, the closure rate
/// and one minus the rework rate (weights <c>Evaluation:Weights</c>, default 60, 30, 10); all null while nothing is
/// due. <paramref name="Urges"/> (督办数) counts the urge actions on this month's cases (cancelled ones left out).
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.CaseIndicators")]
public sealed record CaseIndicators(
    [Id(0)] long Open,
    [Id(1)] long Overdue,
    [Id(2)] long DueSoon,
    [Id(7)] long Due,
    [Id(3)] double? ClosureRate,
    [Id(4)] double? OnTimeRate,
    [Id(5)] double? ReworkRate,
    [Id(8)] double? ExtensionRate,
    [Id(6)] long Urges,
    [Id(9)] double? Score);

/// <summary>Workers per status; a worker not heard from for 15 minutes counts as offline whatever its status.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.WorkerCounts")]
public sealed record WorkerCounts([Id(0)] long OnDuty, [Id(1)] long Patrolling, [Id(2)] long OffDuty, [Id(3)] long Offline, [Id(4)] long Total);

/// <summary>One local hour of today.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.HourBucket")]
public sealed record HourBucket([Id(0)] long Visits, [Id(1)] long Cases, [Id(2)] long Trainings, [Id(3)] long Events);

/// <summary>One local day.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.DayBucket")]
public sealed record DayBucket([Id(0)] DateOnly Date, [Id(1)] long Visits, [Id(2)] long Cases, [Id(3)] long Trainings, [Id(4)] long Events);

/// <summary>
/// A child unit as its parent's snapshot lists it, with its report surge this hour (null when none) and the grids of its
/// subtree (<paramref name="Grids"/>: 1 for a grid), which with <c>Workers.Total</c> sizes it on the wall's treemap.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.ChildSummary")]
public sealed record ChildSummary(
    [Id(0)] string UnitId,
    [Id(1)] string Name,
    [Id(2)] UnitLevel Level,
    [Id(3)] WindowCounts Today,
    [Id(4)] CaseIndicators Cases,
    [Id(5)] WorkerCounts Workers,
    [Id(6)] ReportSurge? Surge,
    [Id(7)] int Grids);

/// <summary>Cases reported this month in one category, cancelled ones left out.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.CategoryCount")]
public sealed record CategoryCount([Id(0)] string Category, [Id(1)] long Count);

/// <summary>
/// A unit's snapshot (spec 3.1). <paramref name="Version"/> grows by one with every change to the unit.
/// <paramref name="Hourly"/> has 24 local hours of today; <paramref name="Daily"/> the last 31 local days, oldest first.
/// <paramref name="Categories"/>, beyond spec 3.1, has this month's cases per category, largest first;
/// <paramref name="Alerts"/> the latest overdue cases of the subtree and the unit's report surge (issue 12, section 4).
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.UnitSnapshot")]
public sealed record UnitSnapshot(
    [Id(0)] string UnitId,
    [Id(1)] string Name,
    [Id(2)] UnitLevel Level,
    [Id(3)] long Version,
    [Id(4)] DateTimeOffset AsOf,
    [Id(5)] WindowCounts Today,
    [Id(6)] WindowCounts Month,
    [Id(7)] WindowCounts Total,
    [Id(8)] CaseIndicators Cases,
    [Id(9)] WorkerCounts Workers,
    [Id(10)] IReadOnlyList<HourBucket> Hourly,
    [Id(11)] IReadOnlyList<DayBucket> Daily,
    [Id(12)] IReadOnlyList<ChildSummary> Children,
    [Id(13)] IReadOnlyList<CategoryCount> Categories,
    [Id(14)] UnitAlerts Alerts);
