namespace Silo.Tests.Runtime;

/// <summary>What the test grains report to the test: events by kind and key, awaitable by count.</summary>
public sealed class GrainProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<(string Kind, string Key)> _events = [];
    private readonly List<(string Kind, string Key, int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _inside;
    private int _overlaps;

    /// <summary>How many turns ever found another turn of the same grain running.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public void Record(string kind, string key)
    {
        lock (_gate)
        {
            _events.Add((kind, key));
            var count = _events.Count(e => e.Kind == kind && e.Key == key);
            foreach (var waiter in _waiters.Where(w => w.Kind == kind && w.Key == key && w.Count <= count).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    public int Count(string kind, string key)
    {
        lock (_gate)
        {
            return _events.Count(e => e.Kind == kind && e.Key == key);
        }
    }

    /// <summary>The kinds recorded for a key, in order.</summary>
    public IReadOnlyList<string> Kinds(string key)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Key == key).Select(e => e.Kind)];
        }
    }

    /// <summary>Completes once <paramref name="count"/> events of the kind were recorded for the key; fails after 15 s.</summary>
    public Task WaitForAsync(string kind, string key, int count = 1)
    {
        lock (_gate)
        {
            if (_events.Count(e => e.Kind == kind && e.Key == key) >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((kind, key, count, signal));
            return signal.Task.WaitAsync(Timeout);
        }
    }

    /// <summary>Marks the start of a turn; counts an overlap if another one is running.</summary>
    public void EnterTurn()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
    }

    public void LeaveTurn() => Interlocked.Decrement(ref _inside);
}
