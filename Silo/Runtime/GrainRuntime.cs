using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Hosting;

namespace Silo.Runtime;

/// <summary>
/// The engine: hands out grain references, keeps the directory of activations (one per grain class and key) and
/// runs each call as a turn of its activation.
/// </summary>
internal sealed class GrainRuntime : IGrainFactory, IDisposable
{
    private readonly ConcurrentDictionary<ActivationId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<Type, GrainReference> _referenceTemplates = new();
    private readonly GrainTypeCatalog _catalog;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly ActivationCollector _collector;

    public GrainRuntime(
        IServiceProvider services,
        GrainTypeCatalog catalog,
        TimeProvider timeProvider,
        IOptions<SiloOptions> options,
        ILogger<GrainRuntime> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services = services;
        _catalog = catalog;
        TimeProvider = timeProvider;
        Options = options.Value;
        Logger = logger;
        _collector = new ActivationCollector(this);
        _stoppingToken = _stopping.Token;
    }

    public IServiceProvider Services { get; }

    public TimeProvider TimeProvider { get; }

    public SiloOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>Cancelled when the silo stops; handed to activation work.</summary>
    public CancellationToken Stopping => _stoppingToken;

    public int ActivationCount => _activations.Count;

    public ICollection<GrainActivation> Activations => _activations.Values;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        if (!_referenceTemplates.TryGetValue(typeof(TGrainInterface), out var template))
        {
            template = _referenceTemplates.GetOrAdd(typeof(TGrainInterface), CreateReferenceTemplate<TGrainInterface>());
        }

        return (TGrainInterface)(object)template.WithKey(primaryKey);
    }

    public GrainActivation GetOrAddActivation(GrainClass grainClass, string key)
    {
        var id = new ActivationId(grainClass, key);
        return _activations.TryGetValue(id, out var activation)
            ? activation
            : _activations.GetOrAdd(id, static (id, runtime) => new GrainActivation(runtime, id.GrainClass, id.Key), this);
    }

    /// <summary>Removes the activation from the directory, only if it is still the one registered for its key.</summary>
    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(KeyValuePair.Create(new ActivationId(activation.GrainClass, activation.Key), activation));

    public static async Task<T> CallAsync<T>(GrainReference target, Func<object, object?[], ValueTask<T>> method, object?[] arguments)
    {
        var activation = await EnterAsync(target).ConfigureAwait(false);
        try
        {
            return await method(activation.Grain, arguments).ConfigureAwait(false);
        }
        finally
        {
            activation.EndTurn(isCall: true);
        }
    }

    public static async Task CallAsync(GrainReference target, Func<object, object?[], ValueTask> method, object?[] arguments)
    {
        var activation = await EnterAsync(target).ConfigureAwait(false);
        try
        {
            await method(activation.Grain, arguments).ConfigureAwait(false);
        }
        finally
        {
            activation.EndTurn(isCall: true);
        }
    }

    /// <summary>
    /// Waits for the turn of the target's activation, on the thread pool whatever the caller's context; an activation
    /// that deactivated meanwhile is replaced by a fresh one.
    /// </summary>
    private static async ValueTask<GrainActivation> EnterAsync(GrainReference target)
    {
        if (ThreadPoolHop.IsNeeded)
        {
            await default(ThreadPoolHop);
        }

        while (true)
        {
            var activation = target.GetActivation();
            if (await activation.BeginCallAsync().ConfigureAwait(false))
            {
                return activation;
            }
        }
    }

    public void Start() => _collector.Start();

    /// <summary>Stops the collector and deactivates every activation with <see cref="DeactivationReason.ShuttingDown"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _collector.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        var deactivations = _activations.Values.Select(a => a.DeactivateAsync(DeactivationReason.ShuttingDown, cancellationToken));
        await Task.WhenAll(deactivations).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _collector.Dispose();
        // Cancelled, not disposed: a host run by WebApplicationFactory is stopped by the test and by the app's own
        // Run(), which disposes it, so StopAsync may still come after Dispose. The source holds no timer or handle.
        _stopping.Cancel();
    }

    private GrainReference CreateReferenceTemplate<TGrainInterface>()
        where TGrainInterface : IGrainWithStringKey
    {
        var grainClass = _catalog.Resolve(typeof(TGrainInterface));
        var template = (GrainReference)(object)DispatchProxy.Create<TGrainInterface, GrainReference>()!;
        template.Bind(this, grainClass, "");
        return template;
    }

    private readonly record struct ActivationId(GrainClass GrainClass, string Key);
}
