namespace Dashboard.Web.Security;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: holds up to a capacity of tokens and refills them evenly over a
/// period, so a burst of the whole capacity passes and a steady stream above capacity per period does not.
/// </summary>
public sealed class InvocationBucket
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly long _periodTicks;
    private readonly TimeProvider _time;

    // In whole numbers: one token is worth the period's ticks, and every tick elapsed adds the capacity.
    private long _level;
    private long _refilledAt;

    /// <summary>A full bucket of <paramref name="capacity"/> tokens that refills completely over <paramref name="period"/>.</summary>
    public InvocationBucket(int capacity, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _capacity = capacity;
        _periodTicks = period.Ticks;
        _time = time;
        _level = capacity * _periodTicks;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = Math.Min(_time.GetElapsedTime(_refilledAt, now).Ticks, _periodTicks);
            _level = Math.Min(_capacity * _periodTicks, _level + (elapsed * _capacity));
            _refilledAt = now;
            if (_level < _periodTicks)
            {
                return false;
            }

            _level -= _periodTicks;
            return true;
        }
    }
}
