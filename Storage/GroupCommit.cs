using System.Threading.Channels;

namespace Storage;

/// <summary>
/// Group commit for a log with one writer: appends wait in a queue, and one writer thread takes every append waiting
/// (up to <see cref="MaxEntriesPerCommit"/> entries) and hands them to the log's commit as one group, so concurrent
/// callers share the cost of a durable commit. The callers are answered on the thread pool, never on the writer.
/// </summary>
internal sealed class GroupCommit
{
    /// <summary>Caps one commit so that its latency stays bounded; a single larger append still commits whole.</summary>
    public const int MaxEntriesPerCommit = 10_000;

    // The only continuation on the reader is the writer thread's blocking wait (WaitForAppends): run synchronously, it
    // wakes the writer straight from the appending thread instead of through a thread-pool work item.
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    private readonly Action<List<PendingAppend>> _commit;
    private readonly Task _writer;

    /// <summary>
    /// Starts the writer thread: it runs <paramref name="start"/> once, then <paramref name="commit"/> for every group,
    /// which completes or fails each of the group's appends (<see cref="PendingAppend.Complete"/>, <see cref="PendingAppend.Fail"/>).
    /// </summary>
    public GroupCommit(Action start, Action<List<PendingAppend>> commit)
    {
        _commit = commit;
        _writer = Task.Factory.StartNew(() => Run(start), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

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

    /// <summary>Takes no more appends and returns once those already queued are committed and answered.</summary>
    public Task CompleteAsync()
    {
        _appends.Writer.TryComplete();
        return _writer;
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

    private void Run(Action start)
    {
        start();
        var group = new List<PendingAppend>();
        var answered = new List<PendingAppend>();
        while (WaitForAppends())
        {
            TakeWaitingAppends(group, answered);
            if (group.Count > 0)
            {
                _commit(group);
                answered.AddRange(group);
            }

            Deliver(answered);
            group.Clear();
            answered.Clear();
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
