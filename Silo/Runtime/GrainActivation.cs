using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Runtime;

/// <summary>
/// One live instance of a grain class for one key. Everything that touches the grain (activation, calls, timer
/// ticks, deactivation) runs as a turn holding <see cref="_turn"/>, so grain code runs one turn at a time.
/// </summary>
internal sealed class GrainActivation
{
    [ThreadStatic]
    private static GrainActivation? _constructing;

    private readonly TurnGate _turn = new();
    private readonly Lock _timersGate = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly TimeSpan _collectionAge;
    private Grain? _grain;
    private AsyncServiceScope? _scope;
    private volatile ActivationStatus _status;
    private volatile bool _deactivationRequested;
    private bool _timersClosed;
    private long _lastCallTimestamp;
    private int _deactivationQueued;

    public GrainActivation(GrainRuntime runtime, GrainClass grainClass, string key)
    {
        Runtime = runtime;
        GrainClass = grainClass;
        Key = key;
        _collectionAge = grainClass.CollectionAge ?? runtime.Options.CollectionAge;
        Touch();
    }

    private enum ActivationStatus
    {
        Created,
        Active,
        Dead,
    }

    /// <summary>The activation whose grain is being constructed on this thread; read by the <see cref="Silo.Grain"/> constructor.</summary>
    public static GrainActivation? Constructing => _constructing;

    public GrainRuntime Runtime { get; }

    public GrainClass GrainClass { get; }

    public string Key { get; }

    /// <summary>The grain; valid only inside a turn.</summary>
    public Grain Grain => _grain!;

    public bool IsDead => _status == ActivationStatus.Dead;

    /// <summary>Starts a call's turn, activating the grain first if this is its first turn; false if the activation is gone.</summary>
    public ValueTask<bool> BeginCallAsync()
    {
        Touch();
        return BeginTurnAsync(activate: true);
    }

    /// <summary>Starts a timer tick's turn; false if the activation is gone. Ticks don't count as activity.</summary>
    public ValueTask<bool> BeginTimerTurnAsync() => BeginTurnAsync(activate: false);

    public void EndTurn(bool isCall)
    {
        if (isCall)
        {
            Touch();
        }

        var deactivate = _deactivationRequested && Interlocked.Exchange(ref _deactivationQueued, 1) == 0;
        _turn.Release();
        if (deactivate)
        {
            _ = DeactivateAsync(DeactivationReason.Requested, CancellationToken.None);
        }
    }

    public void RequestDeactivation() => _deactivationRequested = true;

    /// <summary>
    /// Queues an idle deactivation if the activation is idle and collectable. A turn in progress (a timer tick) does not
    /// put it off: the deactivation waits for that turn and checks idleness again.
    /// </summary>
    public void TryCollect()
    {
        if (GrainClass.AlwaysActive || _status != ActivationStatus.Active || !IsIdle())
        {
            return;
        }

        if (Interlocked.Exchange(ref _deactivationQueued, 1) == 0)
        {
            _ = DeactivateAsync(DeactivationReason.Idle, CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs <see cref="Silo.Grain.OnDeactivateAsync"/> as the last turn and removes the activation. An idle
    /// deactivation is dropped if a call came in meanwhile. Never throws.
    /// </summary>
    public async Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (ThreadPoolHop.IsNeeded)
        {
            await default(ThreadPoolHop);
        }

        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref _deactivationQueued, 0);
            return;
        }

        try
        {
            if (_status != ActivationStatus.Dead && (reason != DeactivationReason.Idle || IsIdle()))
            {
                await EndAsync(reason, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _deactivationQueued, 0);
            _turn.Release();
        }
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback);
        lock (_timersGate)
        {
            if (!_timersClosed)
            {
                _timers.Add(timer);
                timer.Change(dueTime, period);
                return timer;
            }
        }

        timer.Dispose();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_timersGate)
        {
            _timers.Remove(timer);
        }
    }

    private async ValueTask<bool> BeginTurnAsync(bool activate)
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        var status = _status;
        if (status == ActivationStatus.Active)
        {
            return true;
        }

        if (status == ActivationStatus.Created && activate)
        {
            await ActivateAsync().ConfigureAwait(false);
            return true;
        }

        _turn.Release();
        return false;
    }

    /// <summary>Creates the grain, reads its state and runs OnActivateAsync; on failure discards the activation and releases the turn.</summary>
    private async Task ActivateAsync()
    {
        try
        {
            var scope = Runtime.Services.CreateAsyncScope();
            _scope = scope;
            var states = CreateStates(scope.ServiceProvider);
            _grain = CreateGrain(scope.ServiceProvider, states);
            foreach (var state in states)
            {
                await ((IGrainStateReader)state!).ReadStateAsync(Runtime.Stopping).ConfigureAwait(false);
            }

            await _grain.OnActivateAsync(Runtime.Stopping).ConfigureAwait(false);
            _status = ActivationStatus.Active;
        }
        catch (Exception exception)
        {
            RuntimeLog.ActivationFailed(Runtime.Logger, exception, GrainClass, Key);
            await DiscardAsync().ConfigureAwait(false);
            _turn.Release();
            throw;
        }
    }

    private object?[] CreateStates(IServiceProvider services)
    {
        var bindings = GrainClass.States;
        var states = new object?[bindings.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = bindings[i].CreateState(services, GrainClass.GrainType, Key);
        }

        return states;
    }

    private Grain CreateGrain(IServiceProvider services, object?[] states)
    {
        _constructing = this;
        try
        {
            return GrainClass.CreateInstance(services, states);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
        finally
        {
            _constructing = null;
        }
    }

    private async Task EndAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CloseTimers();
        if (_status == ActivationStatus.Active)
        {
            try
            {
                await _grain!.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                RuntimeLog.DeactivationFailed(Runtime.Logger, exception, GrainClass, Key, reason);
            }
        }

        await DiscardAsync().ConfigureAwait(false);
        RuntimeLog.Deactivated(Runtime.Logger, GrainClass, Key, reason);
    }

    /// <summary>Leaves the directory before turning dead, so a caller that finds it dead always finds a new one.</summary>
    private async Task DiscardAsync()
    {
        CloseTimers();
        Runtime.Remove(this);
        _status = ActivationStatus.Dead;
        _grain = null;
        if (_scope is { } scope)
        {
            _scope = null;
            try
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                RuntimeLog.DeactivationFailed(Runtime.Logger, exception, GrainClass, Key, DeactivationReason.ShuttingDown);
            }
        }
    }

    private void CloseTimers()
    {
        GrainTimer[] timers;
        lock (_timersGate)
        {
            _timersClosed = true;
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private void Touch() => Volatile.Write(ref _lastCallTimestamp, Runtime.TimeProvider.GetTimestamp());

    private bool IsIdle() => Runtime.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastCallTimestamp)) > _collectionAge;
}
