namespace Storage;

/// <summary>
/// The append-only log that holds every accepted write (reports, cases, case actions, workers' status).
/// It knows nothing of the domain: an entry is a type, an idempotency id, a stream and a payload.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends the entries in one durable commit and answers only after that commit.
    /// (Type, Id) is the idempotency key: a repeat with the same payload is <see cref="AppendStatus.Duplicate"/>,
    /// with another payload <see cref="AppendStatus.Conflict"/>; neither is written. Results are in the order of
    /// <paramref name="entries"/>. Concurrent callers share commits (group commit).
    /// </summary>
    Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Every stored entry with a sequence greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    IAsyncEnumerable<StoredEntry> ReadAllAsync(long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries of one stream with a sequence greater than <paramref name="afterSequence"/>, in sequence order, and
    /// the position of the whole log when they were read: every entry of the stream up to that position is in the
    /// answer, so a grain that folds them and then skips writes at or below the position counts each entry once.
    /// Entries whose sequence is in <paramref name="except"/> (those a grain already has) are left out of the answer,
    /// not read.
    /// </summary>
    Task<StreamRead> ReadStreamAsync(
        string stream, long afterSequence = 0, IReadOnlySet<long>? except = null, CancellationToken cancellationToken = default);

    /// <summary>The latest entry of one stream, or null when it has none: what a grain reads of a stream of snapshots.</summary>
    Task<StoredEntry?> ReadLatestAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="count"/> entries whose type is one of <paramref name="types"/>, oldest first: what
    /// a process that starts shows of the latest activity before anything new arrives.
    /// </summary>
    Task<IReadOnlyList<StoredEntry>> ReadNewestAsync(IReadOnlyList<string> types, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries whose type is one of <paramref name="types"/> and whose event time
    /// (<see cref="LogEntry.OccurredAt"/>) is at or after <paramref name="since"/> and before <paramref name="until"/>,
    /// ordered by event time, then sequence: what a replay of a past day folds. Entries without an event time (those
    /// stored before it was kept, and grid snapshots) are never in the answer.
    /// </summary>
    IAsyncEnumerable<StoredEntry> ReadOccurredAsync(
        DateTimeOffset since, DateTimeOffset until, IReadOnlyList<string> types, CancellationToken cancellationToken = default);

    /// <summary>True when the storage answers a trivial query and is not full; used by readiness.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken = default);

    /// <summary>True from a commit that failed for lack of space (<see cref="StorageFullException"/>) until one succeeds.</summary>
    bool IsFull => false;
}

/// <summary>
/// An entry to append. (<paramref name="Type"/>, <paramref name="Id"/>) is the idempotency key.
/// <paramref name="OccurredAt"/> is when what it records happened (a report's or a case's time, an action's, a
/// status's), which may be long before it is stored; indexed for <see cref="IEventLog.ReadOccurredAsync"/>. It comes
/// from the payload, so the payload alone still decides a repeat from a conflict.
/// </summary>
public sealed record LogEntry(string Type, string Id, string Stream, string Payload, DateTimeOffset? OccurredAt = null);

/// <summary>What happened to one appended entry.</summary>
public enum AppendStatus
{
    /// <summary>Written in this commit.</summary>
    Appended,

    /// <summary>Already stored with the same payload; nothing written.</summary>
    Duplicate,

    /// <summary>Already stored with another payload; nothing written.</summary>
    Conflict,
}

/// <summary>The outcome of one entry: its status and the sequence of the stored entry (new or existing).</summary>
public readonly record struct AppendResult(AppendStatus Status, long Sequence);

/// <summary>
/// An entry as stored, with its position in the log; <paramref name="OccurredAt"/> is read only by
/// <see cref="IEventLog.ReadOccurredAsync"/>, null elsewhere.
/// </summary>
public sealed record StoredEntry(long Sequence, string Type, string Id, string Stream, string Payload, DateTimeOffset? OccurredAt = null);

/// <summary>
/// What <see cref="IEventLog.ReadStreamAsync"/> answers: the stream's entries after the asked sequence, and
/// <paramref name="Position"/>, the log's last committed sequence when they were read.
/// </summary>
public sealed record StreamRead(IReadOnlyList<StoredEntry> Entries, long Position);
