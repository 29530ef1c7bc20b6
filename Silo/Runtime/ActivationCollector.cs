namespace Silo.Runtime;

/// <summary>Every collection quantum, deactivates the activations idle for longer than their collection age.</summary>
internal sealed class ActivationCollector(GrainRuntime runtime) : IDisposable
{
    private ITimer? _timer;

    public void Start()
    {
        var quantum = runtime.Options.CollectionQuantum;
        using (ExecutionContext.SuppressFlow())
        {
            _timer ??= runtime.TimeProvider.CreateTimer(static state => ((ActivationCollector)state!).Collect(), this, quantum, quantum);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Collect()
    {
        try
        {
            foreach (var activation in runtime.Activations)
            {
                activation.TryCollect();
            }
        }
        catch (Exception exception)
        {
            RuntimeLog.CollectionFailed(runtime.Logger, exception);
        }
    }
}
