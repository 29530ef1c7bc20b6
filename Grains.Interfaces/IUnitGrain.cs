using Orleans;
using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>What every unit grain answers, whatever its level. Keyed by unit id.</summary>
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>The unit's snapshot at the current time (spec 3.1).</summary>
    Task<UnitSnapshot> GetSnapshotAsync();

    /// <summary>
    /// Everything the unit adds to its parent, with its version and epoch: what a parent sums when it (re)builds.
    /// Interleaved, because the parent asks while the unit may be waiting on that parent.
    /// </summary>
    [AlwaysInterleave]
    Task<UnitContribution> GetContributionAsync();

    /// <summary>
    /// Has <paramref name="observer"/> told when the unit changes (at most once until the next snapshot is read) until
    /// the subscription expires or is renewed; answers the unit's version now, so a watcher can tell a change it missed.
    /// </summary>
    Task<long> SubscribeAsync(IUnitObserver observer);

    /// <summary>Stops telling <paramref name="observer"/>.</summary>
    Task UnsubscribeAsync(IUnitObserver observer);

    /// <summary>
    /// Tells the parent the unit's epoch, so that it sums the unit as it is now. A unit sends it to itself when it
    /// activates, one-way: it then runs once activation is over, never while the parent may be asking for the unit's
    /// contribution.
    /// </summary>
    [OneWay]
    Task AnnounceAsync();

    /// <summary>
    /// Looks at what the clock alone changes (a grid's cases turning due soon or overdue, its workers going offline, a
    /// new local day; a unit's report surge ending with its hour) and passes a change up; the silo's wake schedule calls
    /// it when the unit asked to be woken.
    /// </summary>
    [OneWay]
    Task WakeAsync();

    /// <summary>
    /// Forgets what the unit holds and rebuilds it from storage (a grid) or its children (an area), then tells its parent
    /// under a new epoch: what a writer does when it cannot tell whether a write reached the unit.
    /// </summary>
    Task ReloadAsync();

    /// <summary>
    /// The organisation changed the unit (its name, parent, children or workers) at organisation version
    /// <paramref name="version"/>: the unit waits until its silo's organisation has that version, takes what it now
    /// says and sums itself afresh under a new epoch, which its parent then sums in turn (issue 13).
    /// </summary>
    Task OrganisationChangedAsync(long version);
}

/// <summary>Hears that a unit changed; the web side's live push subscribes one per process.</summary>
public interface IUnitObserver : IGrainObserver
{
    /// <summary>The unit <paramref name="unitId"/> changed; its snapshot is newer than the last one read.</summary>
    [OneWay]
    void Changed(string unitId);
}
