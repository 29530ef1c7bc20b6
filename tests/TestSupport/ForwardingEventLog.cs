using Storage;

namespace TestSupport;

/// <summary>A log that hands every call to a real one; a test's log derives from it and changes only what it tests.</summary>
public abstract class ForwardingEventLog(IEventLog inner) : IEventLog
{
    public virtual Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(entries, cancellationToken);

    public virtual IAsyncEnumerable<StoredEntry> ReadAllAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        inner.ReadAllAsync(afterSequence, cancellationToken);

    public virtual Task<StreamRead> ReadStreamAsync(
        string stream, long afterSequence = 0, IReadOnlySet<long>? except = null, CancellationToken cancellationToken = default) =>
        inner.ReadStreamAsync(stream, afterSequence, except, cancellationToken);

    public virtual Task<StoredEntry?> ReadLatestAsync(string stream, CancellationToken cancellationToken = default) =>
        inner.ReadLatestAsync(stream, cancellationToken);

    public virtual Task<IReadOnlyList<StoredEntry>> ReadNewestAsync(IReadOnlyList<string> types, int count, CancellationToken cancellationToken = default) =>
        inner.ReadNewestAsync(types, count, cancellationToken);

    public virtual IAsyncEnumerable<StoredEntry> ReadOccurredAsync(
        DateTimeOffset since, DateTimeOffset until, IReadOnlyList<string> types, CancellationToken cancellationToken = default) =>
        inner.ReadOccurredAsync(since, until, types, cancellationToken);

    public virtual Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => inner.IsReachableAsync(cancellationToken);
}
