namespace TestSupport;

/// <summary>
/// A clock the test moves by hand; timers created from it fire when it passes their due time.
/// </summary>
/// <remarks>
/// Timer callbacks run synchronously on the thread that moves the clock (<see cref="Advance"/>,
/// <see cref="SetUtcNow"/>), in due-time order, with the clock set to each timer's due time while its callback
/// runs; a periodic timer fires once for every period the clock passes. A timer created or changed with a due
/// time of zero fires at once, on the calling thread, like a real timer would without delay. Timestamps
/// (<see cref="GetTimestamp"/>) follow the same clock.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _utcNow;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;
    private long _nextTimerOrder;

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _utcNow = start.ToUniversalTime();

    /// <summary>Starts the clock at 2026-01-01T00:00:00Z.</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone
    {
        get
        {
            lock (_gate)
            {
                return _localTimeZone;
            }
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The number of timers that are armed (neither disposed nor stopped).</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueTime is not null);
            }
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Sets the zone <see cref="TimeProvider.GetLocalNow"/> converts to; UTC by default.</summary>
    public void SetLocalTimeZone(TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        lock (_gate)
        {
            _localTimeZone = timeZone;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing the timers that come due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>, firing the timers that come due on the way.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        var target = value.ToUniversalTime();
        lock (_gate)
        {
            if (target < _utcNow)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The clock only moves forward; it is at {_utcNow:O}.");
            }
        }

        while (TryTakeDueTimer(target) is { } timer)
        {
            timer.Fire();
        }

        lock (_gate)
        {
            if (target > _utcNow)
            {
                _utcNow = target;
            }
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Fires the timers due now; used after a timer is armed with a due time of zero.</summary>
    private void FireDueTimers()
    {
        while (TryTakeDueTimer(GetUtcNow()) is { } timer)
        {
            timer.Fire();
        }
    }

    /// <summary>
    /// Finds the earliest timer due at or before <paramref name="until"/>, moves the clock to its due time and
    /// re-arms it (periodic) or disarms it (one-shot) before its callback runs, so the callback may change it.
    /// </summary>
    private ManualTimer? TryTakeDueTimer(DateTimeOffset until)
    {
        lock (_gate)
        {
            ManualTimer? earliest = null;
            foreach (var timer in _timers)
            {
                if (timer.DueTime is { } due && due <= until &&
                    (earliest is null || due < earliest.DueTime || (due == earliest.DueTime && timer.Order < earliest.Order)))
                {
                    earliest = timer;
                }
            }

            if (earliest is null)
            {
                return null;
            }

            var dueTime = earliest.DueTime!.Value;
            if (dueTime > _utcNow)
            {
                _utcNow = dueTime;
            }

            earliest.DueTime = earliest.Period is { } period ? dueTime + period : null;
            earliest.Order = _nextTimerOrder++;
            return earliest;
        }
    }

    private bool Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateSpan(dueTime, nameof(dueTime));
        ValidateSpan(period, nameof(period));
        bool firesNow;
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                return false;
            }

            timer.DueTime = dueTime == Timeout.InfiniteTimeSpan ? null : _utcNow + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            timer.Order = _nextTimerOrder++;
            firesNow = dueTime == TimeSpan.Zero;
        }

        if (firesNow)
        {
            FireDueTimers();
        }

        return true;
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueTime = null;
        }
    }

    private static void ValidateSpan(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer span is zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        /// <summary>When the timer fires next; null when it is stopped. Guarded by the provider's lock.</summary>
        public DateTimeOffset? DueTime { get; set; }

        public TimeSpan? Period { get; set; }

        /// <summary>Breaks ties between timers due at the same time: the one armed first fires first.</summary>
        public long Order { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => clock.Arm(this, dueTime, period);

        public void Fire() => callback(state);

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
