namespace Grains.Reporting;

/// <summary>
/// The projection of the log that the evaluation and the bulletins read (issue 12, section 3): figures per grid and
/// local day, per worker and local day, the facts of every case, and the position of the log they hold. It serves any
/// period since the log began; the grains hold only the last 31 days. Kept by one <see cref="ReportProjector"/> in
/// the cluster (<see cref="TryOpenWriterAsync"/>), read by every process.
/// </summary>
public interface IReportStore
{
    /// <summary>
    /// The writer of the projection, or null when another process holds it: one projector in a cluster, held as long
    /// as the writer is open (SQLite: a lock file beside the database; PostgreSQL: a session advisory lock).
    /// </summary>
    Task<IReportWriter?> TryOpenWriterAsync(CancellationToken cancellationToken = default);

    /// <summary>How far the projection is: the log position it holds and up to which time it is complete.</summary>
    Task<ProjectionState> ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Per grid, the sum of its figures over the local days <paramref name="first"/> to <paramref name="last"/>
    /// (inclusive) and how many of its workers reported in them; grids with nothing in those days are left out.
    /// </summary>
    Task<IReadOnlyList<GridTotal>> ReadGridTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default);

    /// <summary>The cases reported from <paramref name="from"/> (inclusive) to <paramref name="until"/> (exclusive).</summary>
    Task<IReadOnlyList<CaseFacts>> ReadCasesReportedAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The cases overdue at <paramref name="at"/> (<see cref="CaseFacts.IsOverdueAt"/>), longest overdue first.</summary>
    Task<IReadOnlyList<CaseFacts>> ReadOverdueAsync(DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>
/// The one writer of the projection. Every <see cref="ApplyAsync"/> moves the stored position with the figures in one
/// transaction, so a crash never applies an entry twice nor loses one.
/// </summary>
public interface IReportWriter : IAsyncDisposable
{
    /// <summary>The log position the projection holds: every entry up to it is applied, none after it.</summary>
    long Position { get; }

    /// <summary>The stored facts of the cases among <paramref name="ids"/> (those not stored are left out).</summary>
    Task<IReadOnlyDictionary<string, CaseFacts>> ReadCasesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the batch's figures, stores its cases and moves the position from <see cref="ProjectionBatch.From"/> to
    /// <see cref="ProjectionBatch.To"/>, in one transaction; false, changing nothing, when the stored position is not
    /// <see cref="ProjectionBatch.From"/> (the batch was applied already, or another writer moved on).
    /// </summary>
    Task<bool> ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>How far the projection is: <paramref name="Position"/> in the log; complete up to <paramref name="AsOf"/> (null before its first pass); the first local day it holds figures of.</summary>
public sealed record ProjectionState(long Position, DateTimeOffset? AsOf, DateOnly? FirstDay);

/// <summary>A grid's figures over some days and how many of its workers reported in them.</summary>
public sealed record GridTotal(string GridId, DayFigures Figures, int ActiveWorkers);

/// <summary>What one pass of the projector adds: the figures of log entries after <see cref="From"/> up to <see cref="To"/>.</summary>
public sealed class ProjectionBatch(long from)
{
    /// <summary>The position the batch follows.</summary>
    public long From { get; } = from;

    /// <summary>The position of the batch's last entry (or <see cref="From"/> for an empty batch).</summary>
    public long To { get; set; } = from;

    /// <summary>When set, the projection is complete up to this time once the batch is applied (the batch reached the end of the log).</summary>
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Figures to add per grid and local day.</summary>
    public Dictionary<(string Grid, DateOnly Day), DayFigures> GridDays { get; } = [];

    /// <summary>Figures to add per worker and local day, with the worker's grid.</summary>
    public Dictionary<(string Worker, DateOnly Day), (string Grid, DayFigures Figures)> WorkerDays { get; } = [];

    /// <summary>Cases to store as they now stand, by id.</summary>
    public Dictionary<string, CaseFacts> Cases { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the batch adds nothing but a position or a time.</summary>
    public bool IsEmpty => GridDays.Count == 0 && WorkerDays.Count == 0 && Cases.Count == 0;
}
