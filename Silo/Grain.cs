using Silo.Runtime;

namespace Silo;

/// <summary>
/// Base class of every grain, shaped like Orleans' <c>Grain</c>: the runtime activates it on the first call to
/// its key, runs one turn at a time, and deactivates it after it has been idle for the collection age.
/// </summary>
public abstract class Grain
{
    private readonly GrainActivation? _activation;

    /// <summary>Binds the grain to the activation the runtime is creating it for.</summary>
    protected Grain() => _activation = GrainActivation.Constructing;

    /// <summary>The factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime;

    /// <summary>The key this activation serves.</summary>
    public string GetPrimaryKeyString() => Activation.Key;

    /// <summary>Runs as the first turn of a new activation, before any call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn of an activation.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation; disposed with it. A tick never overlaps
    /// a call or another tick, and does not count as activity for idle collection.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, dueTime, period);
    }

    /// <summary>Registers a timer whose callback runs as a turn of this activation; disposed with it.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(_ => callback(), dueTime, period);
    }

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation();

    private GrainActivation Activation =>
        _activation ?? throw new InvalidOperationException(
            $"{GetType().Name} was not created by the silo runtime; get it through IGrainFactory.GetGrain.");
}

/// <summary>A grain timer; <see cref="Timeout.InfiniteTimeSpan"/> as period makes it fire once.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Why an activation ends.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than its collection age.</summary>
    Idle,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    Requested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
}
