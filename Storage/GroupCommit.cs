using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;

namespace Storage;

/// <summary>
/// Group commit for a log with one writer: appends wait in a queue, and one writer thread takes every append waiting
/// (up to <see cref="MaxEntriesPerCommit"/> entries) and hands them to the log's commit as one group, so concurrent
/// callers share the cost of a durable commit (its duration and size go to <see cref="LogMetrics"/>). The callers are
/// answered on the thread pool, never on the writer.
/// </summary>
internal sealed class GroupCommit
{
    /// <summary>Caps one commit so that its latency stays bounded; a single larger append still commits whole.</summary>
    public const int MaxEntriesPerCommit = 10_000;

    // The only continuation on the reader is the writer thread's blocking wait (WaitForAppends): run synchronously, it
    // wakes the writer straight from the appending thread instead of through a thread-pool work item.
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    /// <summary>How long a reachability probe may take before the store counts as unreachable.</summary>
    private static readonly TimeSpan ReachabilityTimeout = TimeSpan.FromSeconds(2);

    private readonly IGroupWriter _log;
    private readonly LogMetrics? _metrics;
    private readonly Task _writer;
    private long _commitCount;
    private int _completed;

    /// <summary>Starts the writer thread, which writes every group through <paramref name="log"/>.</summary>
    public GroupCommit(IGroupWriter log, LogMetrics? metrics)
    {
        _log = log;
        _metrics = metrics;
        _writer = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>How many groups have been committed; fewer than appends when callers share commits.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>
    /// <see cref="IEventLog.AppendAsync"/> of the log <paramref name="owner"/>: checks the entries, queues a copy of them
    /// (a caller reusing its list cannot change what the writer writes) and answers after their group's commit.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The queue is completed: <paramref name="owner"/> is closed.</exception>
    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, object owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (entry?.Type is null || entry.Id is null || entry.Stream is null || entry.Payload is null)
            {
                throw new ArgumentException("Every entry needs a type, an id, a stream and a payload.", nameof(entries));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AppendResult>>([]);
        }

        var pending = new PendingAppend([.. entries], cancellationToken);
        ObjectDisposedException.ThrowIf(!TryAdd(pending), owner);
        return pending.Answer.WaitAsync(cancellationToken);
    }

    /// <summary>Queues an append for the next group; false once the queue is completed.</summary>
    public bool TryAdd(PendingAppend pending) => _appends.Writer.TryWrite(pending);

    /// <summary>True once <see cref="TryCompleteAsync"/> was called: the log is closed.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) == 1;

    /// <summary>
    /// Takes no more appends and answers true once those already queued are committed and answered; false, at once,
    /// when it was completed before: the log's <c>DisposeAsync</c> then has nothing left to close.
    /// </summary>
    public async Task<bool> TryCompleteAsync()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 1)
        {
            return false;
        }

        _appends.Writer.TryComplete();
        await _writer;
        return true;
    }

    /// <summary>
    /// <see cref="IEventLog.IsReachableAsync"/> of an open log: what <paramref name="probe"/> answers within the
    /// timeout; false when the log is closed, the probe takes longer, or the store refuses it.
    /// </summary>
    public async Task<bool> IsReachableAsync(Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (IsCompleted)
        {
            return false;
        }

        try
        {
            return await probe(cancellationToken).WaitAsync(ReachabilityTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or TimeoutException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Hands the answers of a commit (and of abandoned appends) to the thread pool in one work item per processor,
    /// each answering its share of the callers in order: a commit of many appends wakes a few pool threads, not one
    /// per caller, and the writer thread never runs a caller's continuation.
    /// </summary>
    private static void Deliver(List<PendingAppend> answered)
    {
        var shares = Math.Min(Environment.ProcessorCount, answered.Count);
        var start = 0;
        for (var share = 0; share < shares; share++)
        {
            var end = answered.Count * (share + 1) / shares;
            ThreadPool.UnsafeQueueUserWorkItem(
                static callers =>
                {
                    foreach (var pending in callers)
                    {
                        pending.Deliver();
                    }
                },
                answered.GetRange(start, end - start),
                preferLocal: false);
            start = end;
        }
    }

    private void Run()
    {
        _log.Start();
        var group = new List<PendingAppend>();
        var answered = new List<PendingAppend>();
        while (WaitForAppends())
        {
            TakeWaitingAppends(group, answered);
            if (group.Count > 0)
            {
                Commit(group);
                answered.AddRange(group);
            }

            Deliver(answered);
            group.Clear();
            answered.Clear();
        }
    }

    /// <summary>Commits the group through the log, then records every append's results, or fails them all alike.</summary>
    private void Commit(List<PendingAppend> group)
    {
        AppendResult[][] results;
        var started = Stopwatch.GetTimestamp();
        try
        {
            results = _log.Commit(group);
        }
        catch (Exception exception)
        {
            var failure = _log.Failed(exception);
            foreach (var pending in group)
            {
                pending.Fail(failure);
            }

            return;
        }

        Interlocked.Increment(ref _commitCount);
        _metrics?.Committed(Stopwatch.GetElapsedTime(started), group.Sum(pending => pending.Entries.Count));
        _log.Committed(group, results);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(results[i]);
        }
    }

    private bool WaitForAppends()
    {
        var waiting = _appends.Reader.WaitToReadAsync();
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    private void TakeWaitingAppends(List<PendingAppend> group, List<PendingAppend> abandoned)
    {
        var entryCount = 0;
        while (_appends.Reader.TryPeek(out var next)
               && (group.Count == 0 || entryCount + next.Entries.Count <= MaxEntriesPerCommit)
               && _appends.Reader.TryRead(out next))
        {
            if (next.TryAbandon())
            {
                abandoned.Add(next);
            }
            else
            {
                group.Add(next);
                entryCount += next.Entries.Count;
            }
        }
    }
}

/// <summary>What a log gives <see cref="GroupCommit"/>: how to write a group, and what to do around it. Runs on the writer thread.</summary>
internal interface IGroupWriter
{
    /// <summary>Runs once, before the first group.</summary>
    void Start();

    /// <summary>Writes the group in one durable commit; the results per append, in order. Throws when nothing was committed.</summary>
    AppendResult[][] Commit(IReadOnlyList<PendingAppend> group);

    /// <summary>What the group's callers hear when <see cref="Commit"/> threw <paramref name="exception"/>.</summary>
    Exception Failed(Exception exception);

    /// <summary>Runs after a commit, before its callers are answered.</summary>
    void Committed(IReadOnlyList<PendingAppend> group, AppendResult[][] results);
}
