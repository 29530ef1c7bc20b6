using Orleans;
using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// A grid (网格): the leaf unit. It counts the activities and cases reported in it and its workers' status, and
/// passes every change up to its community. Keyed by grid id. Every write it receives is already durably stored.
/// </summary>
public interface IGridGrain : IUnitGrain
{
    /// <summary>
    /// Counts stored activity reports in the buckets of their <c>OccurredAt</c> and hands the update for the community
    /// back instead of sending it, so that the updates of many grids travel up the tree together. A report the grid
    /// already read from the log (its sequence at or below the position of that read) is not counted again.
    /// </summary>
    Task<UnitUpdate> CountActivitiesAsync(IReadOnlyList<StoredReport> reports);

    /// <summary>
    /// Makes sure the grid counts its stored write at log sequence <paramref name="sequence"/>. A write answered as a
    /// duplicate may have been stored by a writer whose process died before the write reached the grid: what the grid
    /// read from the log when it activated (sequences at or below that read's position) is counted, and for a later
    /// sequence the grid reads itself back from the log.
    /// </summary>
    Task EnsureCountedAsync(long sequence);

    /// <summary>
    /// Writes a snapshot of the grid to the log when one is due (enough reports counted since the last one); the grid
    /// asks itself for it, one-way, so that no write waits for it.
    /// </summary>
    [OneWay]
    Task SnapshotAsync();

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
/// entries in the case's history, so a later summary always has a higher revision. <paramref name="UrgeCount"/> and
/// <paramref name="ExtensionCount"/> count the urge (督办) and extend (延期) actions; a summary stored before they
/// existed reads as 0 (no case was urged then; an extension of then shows from the case's next action on).
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.CaseSummary")]
public sealed record CaseSummary(
    [Id(0)] string Id,
    [Id(1)] string GridId,
    [Id(2)] string Category,
    [Id(3)] string Title,
    [Id(4)] CaseState State,
    [Id(5)] UnitLevel HandlingLevel,
    [Id(6)] DateTimeOffset OccurredAt,
    [Id(7)] DateTimeOffset Deadline,
    [Id(8)] DateTimeOffset? ClosedAt,
    [Id(9)] int ReworkCount,
    [Id(10)] int Revision,
    [Id(11)] int UrgeCount = 0,
    [Id(12)] int ExtensionCount = 0);

/// <summary>An activity report with its sequence in the log.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.StoredReport")]
public sealed record StoredReport([Id(0)] long Sequence, [Id(1)] ActivityReport Report);

/// <summary>Activity reports summed per local hour, with the last time each worker was seen in them.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.ActivityTally")]
public sealed record ActivityTally([Id(0)] IReadOnlyList<HourDelta> Counts, [Id(1)] IReadOnlyList<WorkerSighting> Sightings);

/// <summary>The latest time a worker was seen in a set of reports.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.WorkerSighting")]
public sealed record WorkerSighting([Id(0)] string WorkerId, [Id(1)] DateTimeOffset At);
