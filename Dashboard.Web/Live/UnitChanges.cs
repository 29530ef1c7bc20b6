using System.Collections.Concurrent;
using System.Threading.Channels;
using Grains.Interfaces;

namespace Dashboard.Web.Live;

/// <summary>
/// Which watched units changed since the live push last looked. It is this process's observer of the unit grains
/// (<see cref="UnitWatch"/> subscribes it to each watched unit): a grain calls <see cref="IUnitObserver.Changed"/> when
/// its version grows, wherever it runs. Only units someone is subscribed to are watched, and the set of pending
/// changes never holds more than the watched units.
/// </summary>
public sealed class UnitChanges : IUnitObserver
{
    private readonly ConcurrentDictionary<string, byte> _watched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly Channel<byte> _signal = Channel.CreateBounded<byte>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Channel<byte> _newlyWatched = Channel.CreateBounded<byte>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Starts reporting the changes of <paramref name="unitId"/>.</summary>
    public void Watch(string unitId)
    {
        if (_watched.TryAdd(unitId, 0))
        {
            _newlyWatched.Writer.TryWrite(0);
        }
    }

    /// <summary>Completes when a unit is newly watched, so that <see cref="UnitWatch"/> subscribes it at once.</summary>
    public ValueTask<byte> WaitForNewlyWatchedAsync(CancellationToken cancellationToken) => _newlyWatched.Reader.ReadAsync(cancellationToken);

    /// <summary>Stops reporting the changes of <paramref name="unitId"/>.</summary>
    public void Unwatch(string unitId)
    {
        _watched.TryRemove(unitId, out _);
        _changed.TryRemove(unitId, out _);
    }

    /// <summary>The units watched now.</summary>
    public IReadOnlyCollection<string> Watched => (IReadOnlyCollection<string>)_watched.Keys;

    /// <inheritdoc />
    void IUnitObserver.Changed(string unitId) => Notify(unitId);

    /// <summary>Says that <paramref name="unitId"/> changed. Cheap and safe from any thread.</summary>
    public void Notify(string unitId)
    {
        if (_watched.ContainsKey(unitId) && _changed.TryAdd(unitId, 0))
        {
            _signal.Writer.TryWrite(0);
        }
    }

    /// <summary>Completes when a watched unit may have changed since the last <see cref="TakeChanged"/>.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        await _signal.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>The watched units that changed since the last call, each once.</summary>
    public IReadOnlyList<string> TakeChanged()
    {
        var taken = new List<string>();
        foreach (var unitId in _changed.Keys)
        {
            if (_changed.TryRemove(unitId, out _))
            {
                taken.Add(unitId);
            }
        }

        return taken;
    }
}
