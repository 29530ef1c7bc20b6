using Grains.Interfaces;
using Grains.Organisation;
using Grains.Units;

namespace Dashboard.Web.Live;

/// <summary>
/// Keeps <see cref="UnitChanges"/> subscribed, as an Orleans observer, to every watched unit's grain: at once when a
/// unit is newly watched, and again every <see cref="Renewal"/> (a subscription expires, and a grain that activated
/// again, here or on another silo, has forgotten its watchers). Each subscription answers the unit's version; when it
/// differs from the one seen before, the unit changed while nobody was told, and the push is told now.
/// </summary>
internal sealed partial class UnitWatch(UnitChanges changes, OrganisationTree organisation, IGrainFactory grains, UnitReferences units, ILogger<UnitWatch> logger)
    : BackgroundService
{
    /// <summary>How often every subscription is renewed: well within their expiry, and the longest a missed change waits.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private IUnitObserver? _reference;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IUnitObserver>(changes);
        try
        {
            var newlyWatched = changes.WaitForNewlyWatchedAsync(stoppingToken).AsTask();
            while (!stoppingToken.IsCancellationRequested)
            {
                await RenewAsync();
                var renewal = Task.Delay(Renewal, stoppingToken);
                if (await Task.WhenAny(newlyWatched, renewal) == newlyWatched)
                {
                    await newlyWatched;
                    newlyWatched = changes.WaitForNewlyWatchedAsync(stoppingToken).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IUnitObserver>(_reference);
        }
    }

    private async Task RenewAsync()
    {
        var watched = changes.Watched.ToList();
        foreach (var gone in _versions.Keys.Except(watched).ToList())
        {
            _versions.Remove(gone);
        }

        await Task.WhenAll(watched.Select(RenewAsync));
    }

    private async Task RenewAsync(string unitId)
    {
        if (organisation.FindUnit(unitId) is not { } unit)
        {
            return;
        }

        try
        {
            // A grain whose silo died answers after Orleans' response timeout (30 s); the next renewal finds it sooner.
            var version = await units.Of(unit).SubscribeAsync(_reference!).WaitAsync(Renewal);
            if (_versions.TryGetValue(unitId, out var seen) && seen != version)
            {
                changes.Notify(unitId);
            }

            _versions[unitId] = version;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The grain's silo may be going away: the next renewal reaches it where it activates again.
            LogRenewalFailed(unitId, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to unit {UnitId} failed: {Reason}")]
    private partial void LogRenewalFailed(string unitId, string reason);
}
