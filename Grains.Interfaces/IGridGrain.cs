namespace Grains.Interfaces;

/// <summary>
/// A grid (网格): the leaf unit. It counts the activities and cases reported in it and its workers' status, and
/// passes every change up to its community. Keyed by grid id. Every write it receives is already durably stored.
/// </summary>
public interface IGridGrain : IUnitGrain
{
    /// <summary>Counts stored activity reports in the buckets of their <c>OccurredAt</c>.</summary>
    Task RecordActivitiesAsync(IReadOnlyList<ActivityReport> reports);

    /// <summary>
    /// Counts stored activity reports as <see cref="RecordActivitiesAsync"/> does, but hands the update for the
    /// community back instead of sending it, so that a batch's updates travel up the tree together.
    /// </summary>
    Task<UnitUpdate> CountActivitiesAsync(IReadOnlyList<ActivityReport> reports);

    /// <summary>Counts stored activity reports already summed per local hour (the start-up replay).</summary>
    Task RecordTallyAsync(ActivityTally tally);

    /// <summary>Takes a stored worker status; the latest <c>At</c> wins.</summary>
    Task RecordWorkerStatusAsync(WorkerStatusReport status);

    /// <summary>Replaces what the grid knows of one case; an older <c>Revision</c> than the one held is ignored.</summary>
    Task UpsertCaseAsync(CaseSummary summary);

    /// <summary>The grid's workers with their presence now.</summary>
    Task<IReadOnlyList<WorkerView>> GetWorkersAsync();

    /// <summary>The grid's cases, newest first.</summary>
    Task<IReadOnlyList<CaseSummary>> GetCasesAsync();
}

/// <summary>
/// What a grid holds of a case: enough to count it and list it. <paramref name="Revision"/> is the number of
/// entries in the case's history, so a later summary always has a higher revision.
/// </summary>
public sealed record CaseSummary(
    string Id,
    string GridId,
    string Category,
    string Title,
    CaseState State,
    UnitLevel HandlingLevel,
    DateTimeOffset OccurredAt,
    DateTimeOffset Deadline,
    DateTimeOffset? ClosedAt,
    int ReworkCount,
    int Revision);

/// <summary>
/// Activity reports already summed per local hour, with the last time each worker was seen in them: what the start-up
/// replay hands a grid instead of the reports themselves.
/// </summary>
public sealed record ActivityTally(IReadOnlyList<HourDelta> Counts, IReadOnlyList<WorkerSighting> Sightings);

/// <summary>The latest time a worker was seen in a set of reports.</summary>
public sealed record WorkerSighting(string WorkerId, DateTimeOffset At);
