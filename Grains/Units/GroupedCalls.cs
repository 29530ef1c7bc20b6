namespace Grains.Units;

/// <summary>
/// Calls that go one at a time, each carrying the items sent while the one before it was out. Each sender's task
/// completes when the call that carried its item has been answered, or fails with it. A unit's updates go up to its
/// parent this way (a district taking ten thousand reports a second takes a call per street and round trip, not one
/// per report), and single reports go to their grids this way (<see cref="Ingestion.ReportHandOver"/>).
/// </summary>
/// <remarks>
/// Safe from any thread; in a grain it runs on the grain's scheduler, and its lock is never contended there. It locks
/// itself: an object of its own for the lock would cost a unit grain 24 bytes more.
/// </remarks>
/// <param name="target">Makes each call (a reference, not a delegate: a unit grain is small, and there are many).</param>
/// <typeparam name="T">What a call carries.</typeparam>
internal sealed class GroupedCalls<T>(GroupedCalls<T>.ITarget target)
{
    // Made at the first item, and again after each call: most units of a big organisation are quiet.
    private List<T>? _queued;
    private TaskCompletionSource? _queuedSent;
    // The call out, if any; the one after it starts only once it is answered.
    private TaskCompletionSource? _callingSent;

    /// <summary>Makes the calls of a <see cref="GroupedCalls{T}"/>.</summary>
    public interface ITarget
    {
        /// <summary>One call with <paramref name="items"/>, oldest first.</summary>
        Task CallAsync(IReadOnlyList<T> items);

        /// <summary>
        /// Runs after a call that carried <paramref name="carried"/> items was answered and before the next one takes
        /// what is queued: a target that prefers fewer, bigger calls under load waits here for more to gather.
        /// </summary>
        Task BeforeNextAsync(int carried) => Task.CompletedTask;
    }

    /// <summary>Sends <paramref name="item"/> with the next call; completes when that call is answered, or fails with it.</summary>
    public Task SendAsync(T item) => SendAsync([item]);

    /// <summary>Sends <paramref name="items"/> with the next call; completes when that call is answered, or fails with it.</summary>
    public Task SendAsync(IReadOnlyList<T> items)
    {
        Task sent;
        bool start;
        lock (this)
        {
            (_queued ??= []).AddRange(items);
            _queuedSent ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            sent = _queuedSent.Task;
            start = _callingSent is null;
            _callingSent ??= _queuedSent;
        }

        if (start)
        {
            _ = CallUntilEmptyAsync();
        }

        return sent;
    }

    /// <summary>
    /// Completes when every item sent so far has been carried and answered (or fails with the last call): calls go
    /// one at a time and in order, so that is when the last of them is answered.
    /// </summary>
    public Task SentAsync()
    {
        lock (this)
        {
            return (_queuedSent ?? _callingSent)?.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>Makes calls with what is queued until nothing is; each sender hears of its own call only.</summary>
    private async Task CallUntilEmptyAsync()
    {
        while (true)
        {
            List<T> items;
            TaskCompletionSource sent;
            lock (this)
            {
                if (_queued is null)
                {
                    _callingSent = null;
                    return;
                }

                items = _queued;
                sent = _queuedSent!;
                _callingSent = sent;
                _queued = null;
                _queuedSent = null;
            }

            try
            {
                await target.CallAsync(items);
                sent.SetResult();
            }
            catch (Exception exception)
            {
                sent.SetException(exception);
            }

            await target.BeforeNextAsync(items.Count);
        }
    }
}
