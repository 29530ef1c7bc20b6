namespace Silo.Tests.Runtime;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    ValueTask<int> GetValueAsync();

    ValueTask AddAsync(int amount);

    Task FailAsync();

    Task<string> GetKeyAsync();

    Task<int> GetOtherCountAsync(string otherKey);

    Task<bool> RunsOnThreadPoolAsync();
}

/// <summary>Counts with an await between read and write, so two overlapping turns would lose an increment.</summary>
public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly GrainProbe _probe;
    private int _count;

    public CounterGrain(GrainProbe probe)
    {
        _probe = probe;
        probe.Record("constructed", GetPrimaryKeyString());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Record("activated", GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync()
    {
        var count = _count;
        await Task.Yield();
        _count = count + 1;
        return _count;
    }

    public Task<int> GetAsync() => Task.FromResult(_count);

    public ValueTask<int> GetValueAsync() => ValueTask.FromResult(_count);

    public async ValueTask AddAsync(int amount)
    {
        await Task.Yield();
        _count += amount;
    }

    public async Task FailAsync()
    {
        await Task.Yield();
        throw new CounterRefusedException("不接受");
    }

    public Task<string> GetKeyAsync() => Task.FromResult(GetPrimaryKeyString());

    public Task<int> GetOtherCountAsync(string otherKey) => GrainFactory.GetGrain<ICounterGrain>(otherKey).GetAsync();

    public Task<bool> RunsOnThreadPoolAsync() =>
        Task.FromResult(Thread.CurrentThread.IsThreadPoolThread && SynchronizationContext.Current is null);
}

public sealed class CounterRefusedException(string message) : Exception(message);

public interface ITurnGrain : IGrainWithStringKey
{
    Task WorkAsync();

    Task StartTimerAsync(TimeSpan period);
}

/// <summary>Records every call and timer tick as a turn, with awaits inside, so overlapping turns are caught.</summary>
public sealed class TurnGrain(GrainProbe probe) : Grain, ITurnGrain
{
    public async Task WorkAsync()
    {
        probe.EnterTurn();
        probe.Record("call", GetPrimaryKeyString());
        await Task.Yield();
        await Task.Delay(1);
        probe.LeaveTurn();
    }

    public Task StartTimerAsync(TimeSpan period)
    {
        RegisterGrainTimer(TickAsync, period, period);
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        probe.EnterTurn();
        probe.Record("tick", GetPrimaryKeyString());
        await Task.Yield();
        await Task.Delay(1, cancellationToken);
        probe.LeaveTurn();
    }
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartPeriodicAsync(TimeSpan period);

    Task StartOneShotAsync(TimeSpan dueTime);

    Task StartFailingAsync(TimeSpan period);

    Task StopTimerAsync();

    Task<int> GetTicksAsync();
}

public sealed class TimerGrain(GrainProbe probe) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task StartPeriodicAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(OnTickAsync, period, period);
        return Task.CompletedTask;
    }

    public Task StartOneShotAsync(TimeSpan dueTime)
    {
        _timer = RegisterGrainTimer(OnTickAsync, dueTime, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task StartFailingAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(
            () =>
            {
                _ticks++;
                probe.Record("tick", GetPrimaryKeyString());
                throw new InvalidOperationException("计时器故障");
            },
            period,
            period);
        return Task.CompletedTask;
    }

    public Task StopTimerAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivated:{reason}", GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    private Task OnTickAsync(CancellationToken cancellationToken)
    {
        _ticks++;
        probe.Record("tick", GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}

public sealed class CounterState
{
    public int Count { get; set; }
}

public interface IStoredCounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task<int> IncrementAndDeactivateAsync();
}

/// <summary>A counter kept in grain storage; it writes on every increment and reports its life cycle.</summary>
public class StoredCounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    GrainProbe probe) : Grain, IStoredCounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activated-with:{counter.State.Count}", GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivated:{reason}", GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Count);

    public async Task<int> IncrementAndDeactivateAsync()
    {
        var count = await IncrementAsync();
        DeactivateOnIdle();
        return count;
    }
}

public interface IPinnedCounterGrain : IStoredCounterGrain;

[CollectionAgeLimit(AlwaysActive = true)]
public sealed class PinnedCounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    GrainProbe probe) : StoredCounterGrain(counter, probe), IPinnedCounterGrain;

public interface IShortLivedCounterGrain : IStoredCounterGrain;

[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortLivedCounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    GrainProbe probe) : StoredCounterGrain(counter, probe), IShortLivedCounterGrain;

public interface IFlakyGrain : IGrainWithStringKey
{
    Task<int> GetActivationAttemptAsync();
}

/// <summary>Fails its first activation per key, then activates.</summary>
public sealed class FlakyGrain(GrainProbe probe) : Grain, IFlakyGrain
{
    private int _attempt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record("activating", GetPrimaryKeyString());
        _attempt = probe.Count("activating", GetPrimaryKeyString());
        return _attempt == 1 ? Task.FromException(new TimeoutException("首次激活失败")) : Task.CompletedTask;
    }

    public Task<int> GetActivationAttemptAsync() => Task.FromResult(_attempt);
}

public interface IShapeGrain : IGrainWithStringKey
{
    Task<string> DescribeAsync();

    Task<int> CountCallsAsync();
}

public interface ISquareGrain : IShapeGrain
{
    Task<int> SideAsync();
}

public interface ICircleGrain : IShapeGrain;

public sealed class SquareGrain : Grain, ISquareGrain
{
    private int _calls;

    public Task<string> DescribeAsync() => Task.FromResult("square");

    public Task<int> CountCallsAsync() => Task.FromResult(++_calls);

    public Task<int> SideAsync() => Task.FromResult(4);
}

public sealed class CircleGrain : Grain, ICircleGrain
{
    public Task<string> DescribeAsync() => Task.FromResult("circle");

    public Task<int> CountCallsAsync() => Task.FromResult(0);
}

public interface IBadGrain : IGrainWithStringKey
{
    int CountNow();
}

public sealed class BadGrain : Grain, IBadGrain
{
    public int CountNow() => 0;
}

public interface IFragileGrain : IGrainWithStringKey
{
    Task PingAsync();
}

/// <summary>Refuses to be constructed for keys starting with "bad".</summary>
public sealed class FragileGrain : Grain, IFragileGrain
{
    public FragileGrain() => ArgumentOutOfRangeException.ThrowIfEqual(GetPrimaryKeyString().StartsWith("bad", StringComparison.Ordinal), true);

    public Task PingAsync() => Task.CompletedTask;
}
