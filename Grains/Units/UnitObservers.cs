using Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Grains.Units;

/// <summary>
/// The watchers of one unit (the web processes' live push). A change is told once, then not again until someone reads
/// the unit's snapshot: a watcher that was told reads it at most once a push interval, so a unit busy with a thousand
/// writes a second sends a watcher a message or two a second, not a thousand. Subscriptions expire unless renewed.
/// </summary>
internal sealed class UnitObservers(ILogger logger)
{
    /// <summary>How long a subscription lasts without a renewal.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(1);

    // Made at the first subscription: most units of a big organisation are never watched.
    private ObserverManager<IUnitObserver>? _observers;
    private bool _told;

    /// <summary>Subscribes (or renews) <paramref name="observer"/>; answers <paramref name="version"/> for the caller.</summary>
    public Task<long> SubscribeAsync(IUnitObserver observer, long version)
    {
        (_observers ??= new ObserverManager<IUnitObserver>(Expiration, logger)).Subscribe(observer, observer);
        return Task.FromResult(version);
    }

    public Task UnsubscribeAsync(IUnitObserver observer)
    {
        _observers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Tells every watcher that <paramref name="unitId"/> changed, unless they were told since the last read.</summary>
    public void Changed(string unitId)
    {
        if (_told || _observers is null)
        {
            return;
        }

        _told = true;
        _observers.Notify(observer => observer.Changed(unitId));
    }

    /// <summary>A snapshot was read: the next change is told again.</summary>
    public void Read() => _told = false;
}
