namespace Silo.Storage;

/// <summary>One caller's entries waiting for the writer, and the task that answers the caller after the commit.</summary>
internal sealed class PendingAppend(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<IReadOnlyList<AppendResult>> _answer =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEntry> Entries { get; } = entries;

    public Task<IReadOnlyList<AppendResult>> Answer => _answer.Task;

    /// <summary>Gives up on this append if the caller cancelled before the writer took it; true when given up.</summary>
    public bool TryAbandon() => cancellationToken.IsCancellationRequested && _answer.TrySetCanceled(cancellationToken);

    public void Complete(IReadOnlyList<AppendResult> results) => _answer.TrySetResult(results);

    public void Fail(Exception exception) => _answer.TrySetException(exception);
}
