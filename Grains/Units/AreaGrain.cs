using Grains.Hosting;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;

namespace Grains.Units;

/// <summary>
/// A community, street or district. Its numbers are the sum of its children's: it activates by summing their
/// contributions, then adds their deltas and keeps their latest live counts, and passes each change on to its
/// parent. Its live counts carry the latest overdue cases of its children's and its own report surge, for which the
/// silo's <see cref="WakeSchedule"/> wakes it when the surge's hour ends. An update from a child under an epoch it did not sum (the child activated again, or could not tell
/// whether an update arrived) makes it sum its children afresh under a new epoch of its own, which its parent then
/// does in turn. Deltas at or below the version a child had when summed are already in the sum. Never collected when
/// idle, as a grid is not.
/// </summary>
/// <remarks>
/// Reentrant: while its update is on the way to the parent the unit takes its other children's updates, and its
/// <see cref="GroupedCalls{T}"/> to the parent sends those together in its next call. Only summing the children awaits
/// anything else; an update that arrives meanwhile waits for the new sum before it is applied (<see cref="TakeAsync"/>).
/// </remarks>
[Reentrant]
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class AreaGrain(UnitServices services)
    : Grain, IAreaGrain, GroupedCalls<UnitUpdate>.ITarget
{
    private GroupedCalls<UnitUpdate> _parent = null!;
    private UnitCounters _counters = new();
    private Dictionary<string, ChildRecord> _children = [];
    // Made at the first subscription: most units of a big organisation are never watched.
    private UnitObservers? _observers;
    private Unit _unit = null!;
    private long _version;
    private long _epoch;
    // The sum of the children's live counts, worked out again only after one of them changed.
    private LiveCounts? _live;

    // The unit's own surge as its parent last had it, and when the wake schedule is to wake it (null once woken).
    private ReportSurge? _sentSurge;
    private DateTimeOffset? _wakeAt;

    // The latest summing of the children; each waits for the one before it.
    private Task _rebuilding = Task.CompletedTask;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans runs the start of an activation, up to its first pending await, under the activation's lock; a call to
        // another local grain from there takes that grain's lock too, and two grains doing so towards each other
        // deadlock. Yielding first lets the activation go on as an ordinary turn, outside that lock.
        await Task.Yield();
        await services.Follower.CaughtUp;
        var id = this.GetPrimaryKeyString();
        _unit = services.Organisation.FindUnit(id) ?? new Unit(id, id, UnitLevel.District, null);
        _parent = new GroupedCalls<UnitUpdate>(this);
        _version = VersionStamp.Start();
        await RebuildAsync();

        // Once active: a one-way call to itself waits for the activation to end.
        // A fresh reference: one from AsReference stays cached on the activation for its whole life.
        _ = GrainFactory.GetGrain<IAreaGrain>(_unit.Id).AnnounceAsync();
    }

    /// <inheritdoc />
    public async Task ApplyChildUpdatesAsync(IReadOnlyList<UnitUpdate> updates)
    {
        var sum = await TakeAsync(updates);
        if (sum is null || (!sum.Changed && sum.Deltas.IsEmpty))
        {
            // Not a child, or nothing new (a child announcing the epoch this unit summed): the parent already has it all.
            return;
        }

        Changed();
        await _parent.SendAsync(new UnitUpdate(_unit.Id, sum.Deltas.Hours(), sum.Deltas.Months(), LiveToSend(), _version, _epoch));
    }

    /// <inheritdoc />
    public async Task<UnitUpdate> TakeChildUpdatesAsync(IReadOnlyList<UnitUpdate> updates)
    {
        var sum = (await TakeAsync(updates))?.Deltas ?? new DeltaBatch();
        Changed();
        return new UnitUpdate(_unit.Id, sum.Hours(), sum.Months(), LiveToSend(), _version, _epoch);
    }

    /// <inheritdoc />
    public Task<UnitSnapshot> GetSnapshotAsync()
    {
        _observers?.Read();
        var now = services.Clock.Now;
        var today = services.Clock.DateOf(now);
        var weights = services.Evaluation.Weights;
        return Task.FromResult(_counters.Snapshot(_unit, _version, now, today, Live(), [.. _children.Values.Select(c => c.ToSummary(today, weights, services.Organisation))], weights));
    }

    /// <inheritdoc />
    public Task<UnitContribution> GetContributionAsync() => Task.FromResult(_counters.Export(_unit.Id, LiveToSend(), _version, _epoch));

    /// <inheritdoc />
    public Task<long> SubscribeAsync(IUnitObserver observer) => (_observers ??= new(services.AreaLogger)).SubscribeAsync(observer, _version);

    /// <inheritdoc />
    public Task UnsubscribeAsync(IUnitObserver observer) => _observers?.UnsubscribeAsync(observer) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async Task ReloadAsync()
    {
        await RebuildAsync();
        await AnnounceAsync();
    }

    /// <inheritdoc />
    public async Task OrganisationChangedAsync(long version)
    {
        await services.Follower.ReachAsync(version);
        if (services.Organisation.FindUnit(_unit.Id) is not { } unit)
        {
            return;
        }

        // Its name and parent as they are now, and its children summed afresh: a child that moved in brings its counts,
        // one that moved out or retired takes its own away.
        _unit = unit;
        await RebuildAsync();
        await AnnounceAsync();
    }

    /// <summary>
    /// Takes children's updates, first summing the children afresh when one comes under an epoch not summed; answers
    /// the deltas taken into the sum and whether the sum or a live count changed, or null when no update is from a
    /// child of this unit.
    /// </summary>
    private async Task<Taken?> TakeAsync(IReadOnlyList<UnitUpdate> updates)
    {
        var rebuilt = false;
        while (true)
        {
            if (!_rebuilding.IsCompleted)
            {
                // Applied to the sum being replaced, the update would be lost if the new sum was asked for before it.
                await WaitForRebuildAsync();
                continue;
            }

            var known = false;
            var unsummed = false;
            foreach (var update in updates)
            {
                if (_children.TryGetValue(update.UnitId, out var child))
                {
                    known = true;
                    unsummed |= child.Epoch != update.Epoch;
                }
            }

            if (!known)
            {
                return null;
            }

            // Once only: an update from an epoch its child has already left stays unsummed after any number of sums.
            if (!unsummed || rebuilt)
            {
                return Apply(updates, rebuilt);
            }

            rebuilt = true;
            await RebuildAsync();
        }
    }

    /// <summary>Applies the updates in the epochs summed; no summing may be under way.</summary>
    private Taken Apply(IReadOnlyList<UnitUpdate> updates, bool rebuilt)
    {
        var sum = new DeltaBatch();
        var changed = rebuilt;
        foreach (var update in updates)
        {
            if (_children.TryGetValue(update.UnitId, out var child) && child.Epoch == update.Epoch)
            {
                changed |= Apply(child, update, sum);
            }
        }

        return new Taken(sum, changed);
    }

    /// <summary>
    /// Adds a child's deltas unless they are in the sum already, and takes its live counts unless newer ones came
    /// first; answers whether the live counts changed.
    /// </summary>
    private bool Apply(ChildRecord child, UnitUpdate update, DeltaBatch sum)
    {
        if (update.Version > child.Summed)
        {
            foreach (var delta in update.Counts)
            {
                _counters.Apply(delta);
                child.Apply(delta);
            }

            foreach (var delta in update.MonthCases)
            {
                _counters.Apply(delta);
                child.ApplyMonth(delta);
            }

            sum.Add(update);
        }

        if (update.Version <= child.Version)
        {
            return false;
        }

        var changed = child.Live != update.Live;
        child.Live = update.Live;
        child.Version = update.Version;
        if (changed)
        {
            _live = null;
        }

        return changed;
    }

    /// <summary>What <see cref="TakeAsync"/> took: the deltas, and whether a live count (or the whole sum) changed.</summary>
    private sealed record Taken(DeltaBatch Deltas, bool Changed);

    /// <summary>
    /// Sums the children's contributions into new counters and takes a new epoch. Built aside and swapped in whole: a
    /// contribution asked for while the children answer sees the previous sum, never half of one.
    /// </summary>
    private async Task RebuildAsync()
    {
        var rebuild = RebuildAfterAsync(_rebuilding);
        _rebuilding = rebuild;
        try
        {
            await rebuild;
        }
        finally
        {
            // A finished task holds on to its state machine: 100 bytes an area for nothing.
            if (_rebuilding == rebuild)
            {
                _rebuilding = Task.CompletedTask;
            }
        }
    }

    private async Task RebuildAfterAsync(Task previous)
    {
        await WaitQuietlyAsync(previous);
        var contributions = await Task.WhenAll(services.Organisation.ChildrenOf(_unit.Id).Select(child => services.Units.Of(child).GetContributionAsync()));
        var counters = new UnitCounters();
        var children = new Dictionary<string, ChildRecord>(StringComparer.Ordinal);
        foreach (var contribution in contributions)
        {
            counters.Add(contribution);
            children[contribution.UnitId] = ChildRecord.From(services.Organisation.FindUnit(contribution.UnitId)!, contribution);
        }

        _counters = counters;
        _children = children;
        _live = null;
        _epoch = ++_version;
        _observers?.Changed(_unit.Id);
    }

    /// <summary>Waits until no summing is under way; a failed one is its caller's failure.</summary>
    private async Task WaitForRebuildAsync()
    {
        while (!_rebuilding.IsCompleted)
        {
            await WaitQuietlyAsync(_rebuilding);
        }
    }

    private static async Task WaitQuietlyAsync(Task task)
    {
        try
        {
            await task;
        }
        catch
        {
            // Thrown to the caller that started it.
        }
    }

    /// <inheritdoc />
    public async Task AnnounceAsync()
    {
        await WaitForRebuildAsync();
        await _parent.SendAsync(new UnitUpdate(_unit.Id, [], [], LiveToSend(), _version, _epoch));
    }

    /// <inheritdoc />
    public async Task WakeAsync()
    {
        _wakeAt = null;
        await WaitForRebuildAsync();
        if (Surge(services.Clock.Now) != _sentSurge)
        {
            Changed();
            await _parent.SendAsync(new UnitUpdate(_unit.Id, [], [], LiveToSend(), _version, _epoch));
        }
    }

    /// <summary>Sends updates to the parent under the current epoch; when that fails, takes a new epoch, as a grid does.</summary>
    Task GroupedCalls<UnitUpdate>.ITarget.CallAsync(IReadOnlyList<UnitUpdate> updates) =>
        _unit.ParentId is { } parentId
            ? ParentLink.CallAsync(services.Units.Area(parentId), updates, _epoch, () => _epoch = ++_version, services.Units.Area(_unit.Id))
            : Task.CompletedTask;

    private void Changed()
    {
        _version++;
        _observers?.Changed(_unit.Id);
    }

    /// <summary>The sum of the children's live counts with the unit's own surge now.</summary>
    private LiveCounts Live()
    {
        var sum = _live ??= SumOfLive();
        var now = services.Clock.Now;
        var surge = Surge(now);
        if (surge is not null && (_wakeAt is not { } asked || asked <= now))
        {
            // The surge ends with its hour, whether or not a report comes then.
            _wakeAt = services.Clock.NextHourAfter(now);
            services.Wakes.Schedule(_unit, _wakeAt.Value);
        }

        return surge is null ? sum : sum with { Alerts = OverdueNotices.Alerts(sum.Alerts.Overdue, surge) };
    }

    /// <summary>The live counts for the parent, whose ranking shows the surge sent with them.</summary>
    private LiveCounts LiveToSend()
    {
        var live = Live();
        _sentSurge = live.Alerts.Surge;
        return live;
    }

    private ReportSurge? Surge(DateTimeOffset now) => _counters.Surge(services.Clock.DateOf(now), services.Clock.HourOf(now), services.Surges);

    private LiveCounts SumOfLive() => GridLive.Sum(_children.Values.Select(c => c.Live));

    /// <summary>A child as its parent knows it: today's counts and this month's case figures from its deltas, and its latest live counts.</summary>
    private sealed class ChildRecord(Unit unit)
    {
        // Two days, a slot each (as UnitCounters keeps its hours); ints, as UnitCounters keeps its days.
        private TwoDayCounts _days;
        private TwoDays _dates;

        // Made at the child's first case.
        public MonthCaseFigures? MonthCases { get; private set; }

        public LiveCounts Live { get; set; } = LiveCounts.Empty;

        /// <summary>The child's version when it sent <see cref="Live"/>.</summary>
        public long Version { get; set; }

        /// <summary>The child's epoch when it was summed.</summary>
        public long Epoch { get; private init; }

        /// <summary>The child's version when it was summed: its deltas up to it are in the sum.</summary>
        public long Summed { get; private init; }

        /// <summary>The child as its contribution says.</summary>
        public static ChildRecord From(Unit unit, UnitContribution contribution)
        {
            var child = new ChildRecord(unit)
            {
                Live = contribution.Live,
                Version = contribution.Version,
                Epoch = contribution.Epoch,
                Summed = contribution.Version,
            };
            foreach (var day in contribution.Days)
            {
                child.Apply(new HourDelta(day.Date, 0, day.Counts));
            }

            foreach (var delta in contribution.MonthCases)
            {
                child.ApplyMonth(delta);
            }

            return child;
        }

        public void Apply(HourDelta delta)
        {
            if (!_dates.TryTake(delta.Date, out var day, out var cleared))
            {
                return;
            }

            if (cleared)
            {
                ((Span<int>)_days).Slice(day * CountVector.Fields, CountVector.Fields).Clear();
            }

            var values = CountVector.From(delta.Counts);
            for (var i = 0; i < CountVector.Fields; i++)
            {
                _days[(day * CountVector.Fields) + i] += (int)values[i];
            }
        }

        public void ApplyMonth(MonthCaseDelta delta) => (MonthCases ??= new()).Apply(delta);

        public ChildSummary ToSummary(DateOnly today, EvaluationWeights weights, OrganisationTree organisation)
        {
            return new ChildSummary(
                unit.Id,
                unit.Name,
                unit.Level,
                Today(today),
                MonthCaseFigures.Indicators(MonthCases, today, Live, weights),
                Live.Workers,
                Live.Alerts.Surge,
                organisation.GridsUnder(unit.Id).Count);
        }

        private WindowCounts Today(DateOnly today)
        {
            if (!_dates.TryFind(today, out var day))
            {
                return CountVector.Zero;
            }

            var values = new long[CountVector.Fields];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _days[(day * CountVector.Fields) + i];
            }

            return CountVector.ToCounts(values);
        }
    }
}
