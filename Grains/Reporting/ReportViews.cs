using Grains.Hosting;
using Grains.Interfaces;

namespace Grains.Reporting;

/// <summary>How much of a period the projection holds.</summary>
public enum DataCoverage
{
    /// <summary>The period is over and the projection holds all of it.</summary>
    Complete,

    /// <summary>The period is under way: its figures grow as writes land (complete up to <c>asOf</c>).</summary>
    Live,

    /// <summary>The period is over but the projection has not caught up with its end yet.</summary>
    Pending,

    /// <summary>The period has not begun: nothing to show yet.</summary>
    Future,

    /// <summary>The period ends before the first day the log holds anything of: nothing to show.</summary>
    BeforeData,
}

/// <summary>A unit's activities over a period (spec 2.2) and per worker: its roster, how many reported, and averages over the roster.</summary>
public sealed record UnitActivities(
    long Visits,
    long Households,
    long Trainings,
    long TrainingParticipants,
    long Events,
    long EventParticipants,
    long CasesReported,
    int Workers,
    int ActiveWorkers,
    PerWorker? PerWorker);

/// <summary>Averages per worker of the roster; absent for a unit without workers.</summary>
public sealed record PerWorker(double Visits, double Households, double Trainings, double Events);

/// <summary>
/// A child unit in a ranking: its rank by score (null while nothing of it is due), its rank in the period before,
/// the change (positive: up that many places), whether it is newly ranked, its case indicators and activities.
/// </summary>
public sealed record RankedUnit(
    int? Rank,
    int? PreviousRank,
    int? RankChange,
    bool IsNew,
    string UnitId,
    string Name,
    UnitLevel Level,
    CaseEvaluation Cases,
    UnitActivities Activities);

/// <summary>The monthly evaluation (月度考评) of a unit's children (<c>GET /api/units/{id}/evaluation</c>).</summary>
public sealed record UnitEvaluation(
    string UnitId,
    string Name,
    UnitLevel Level,
    string Month,
    DateOnly First,
    DateOnly Last,
    DateTimeOffset? AsOf,
    DataCoverage Coverage,
    DateOnly? DataFrom,
    EvaluationWeights Weights,
    CaseEvaluation Cases,
    UnitActivities Activities,
    IReadOnlyList<RankedUnit> Children);

/// <summary>A figure of a period against the period before (环比): the change and the change in percent (null when the period before had none).</summary>
public sealed record TotalChange(string Key, double? Current, double? Previous, double? Change, double? ChangePercent);

/// <summary>A case of the 督办 list: overdue at the end of the period (or now), without title, description or people.</summary>
public sealed record OverdueCase(string Id, string Category, string GridId, string GridName, string? CommunityName, DateTimeOffset Deadline, long OverdueMinutes);

/// <summary>The bulletin of a period (日通报, 周分析, 月总结) of a unit (<c>GET /api/units/{id}/report</c>).</summary>
public sealed record UnitBulletin(
    string UnitId,
    string Name,
    UnitLevel Level,
    BulletinPeriod Period,
    string Label,
    DateOnly First,
    DateOnly Last,
    DateOnly PreviousFirst,
    DateOnly PreviousLast,
    DateTimeOffset? AsOf,
    DataCoverage Coverage,
    DateOnly? DataFrom,
    IReadOnlyList<TotalChange> Totals,
    CaseEvaluation Cases,
    CaseEvaluation PreviousCases,
    UnitActivities Activities,
    IReadOnlyList<RankedUnit> Children,
    IReadOnlyList<CategoryCount> Categories,
    DateTimeOffset OverdueAt,
    int OverdueTotal,
    IReadOnlyList<OverdueCase> Overdue);
