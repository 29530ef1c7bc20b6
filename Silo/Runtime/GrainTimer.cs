namespace Silo.Runtime;

/// <summary>
/// A timer whose ticks run as turns of its activation. A tick that comes due while the previous one still waits
/// or runs is folded into one more tick after it, so ticks never overlap and never pile up.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _disposal = new();
    private readonly CancellationToken _disposalToken;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _running;
    private bool _tickPending;
    private bool _disposed;

    public GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback)
    {
        _activation = activation;
        _callback = callback;
        _disposalToken = _disposal.Token;
        // Ticks must not run in the execution context (activity, async locals) of the call that registered the timer.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = activation.Runtime.TimeProvider.CreateTimer(
                static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }

        _timer.Change(dueTime, period);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        _disposal.Cancel();
        _disposal.Dispose();
        _activation.RemoveTimer(this);
    }

    private void OnDue()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_running)
            {
                _tickPending = true;
                return;
            }

            _running = true;
        }

        _ = RunTicksAsync();
    }

    private async Task RunTicksAsync()
    {
        if (ThreadPoolHop.IsNeeded)
        {
            await default(ThreadPoolHop);
        }

        do
        {
            await RunTickAsync().ConfigureAwait(false);
        }
        while (TakePendingTick());
    }

    private bool TakePendingTick()
    {
        lock (_gate)
        {
            if (_tickPending && !_disposed)
            {
                _tickPending = false;
                return true;
            }

            _running = false;
            return false;
        }
    }

    private async Task RunTickAsync()
    {
        if (!await _activation.BeginTimerTurnAsync().ConfigureAwait(false))
        {
            Dispose();
            return;
        }

        try
        {
            if (!_disposalToken.IsCancellationRequested)
            {
                await _callback(_disposalToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            RuntimeLog.TimerCallbackFailed(_activation.Runtime.Logger, exception, _activation.GrainClass, _activation.Key);
        }
        finally
        {
            _activation.EndTurn(isCall: false);
        }
    }
}
