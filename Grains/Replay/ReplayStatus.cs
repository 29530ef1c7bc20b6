namespace Grains.Replay;

/// <summary>Whether the start-up replay of the log into the grains has finished; readiness waits for it.</summary>
public sealed class ReplayStatus
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once every stored write is back in the grains.</summary>
    public bool IsComplete => _completed.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the replay has finished.</summary>
    public Task Completion => _completed.Task;

    /// <summary>How many log entries the replay read.</summary>
    public long EntriesReplayed { get; private set; }

    /// <summary>How long the replay took.</summary>
    public TimeSpan Duration { get; private set; }

    internal void Complete(long entries, TimeSpan duration)
    {
        EntriesReplayed = entries;
        Duration = duration;
        _completed.TrySetResult();
    }

    internal void Fail(Exception exception) => _completed.TrySetException(exception);
}
