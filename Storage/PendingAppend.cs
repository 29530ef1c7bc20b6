namespace Storage;

/// <summary>
/// One caller's entries waiting for the writer, and the task that answers the caller after the commit. The writer
/// only records the outcome; <see cref="Deliver"/> answers on the thread pool, where the caller's continuation runs
/// synchronously, so one work item can answer several callers.
/// </summary>
internal sealed class PendingAppend(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<IReadOnlyList<AppendResult>> _answer = new();
    private IReadOnlyList<AppendResult>? _results;
    private Exception? _failure;
    private bool _abandoned;

    public IReadOnlyList<LogEntry> Entries { get; } = entries;

    public Task<IReadOnlyList<AppendResult>> Answer => _answer.Task;

    /// <summary>Gives up on this append if the caller cancelled before the writer took it; true when given up.</summary>
    public bool TryAbandon() => _abandoned = cancellationToken.IsCancellationRequested;

    public void Complete(IReadOnlyList<AppendResult> results) => _results = results;

    public void Fail(Exception exception) => _failure = exception;

    /// <summary>Answers the caller with the outcome recorded by the writer; the caller's continuation runs here.</summary>
    public void Deliver()
    {
        if (_abandoned)
        {
            _answer.TrySetCanceled(cancellationToken);
        }
        else if (_failure is not null)
        {
            _answer.TrySetException(_failure);
        }
        else
        {
            _answer.TrySetResult(_results!);
        }
    }
}
