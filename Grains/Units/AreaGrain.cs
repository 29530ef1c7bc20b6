using Grains.Interfaces;
using Grains.Live;
using Grains.Organisation;
using Grains.Time;
using Silo;

namespace Grains.Units;

/// <summary>
/// A community, street or district. Its numbers are the sum of its children's: it adds their deltas, keeps their
/// latest live counts, and passes each update on to its parent. State is rebuilt from the log on start, so the grain
/// stays active.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class AreaGrain(OrganisationTree organisation, LocalClock clock, UnitChanges changes) : Grain, IAreaGrain
{
    private readonly UnitCounters _counters = new();
    private readonly Dictionary<string, ChildRecord> _children = [];
    private Unit _unit = null!;
    private long _version;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = GetPrimaryKeyString();
        _unit = organisation.FindUnit(id) ?? new Unit(id, id, UnitLevel.District, null);
        foreach (var child in organisation.ChildrenOf(id))
        {
            // Until a child speaks, it is what an untouched subtree is: no cases, every worker offline.
            var workers = organisation.GridsUnder(child.Id).Sum(g => (long)organisation.WorkersOf(g.Id).Count);
            _children[child.Id] = new ChildRecord(child) { Live = LiveCounts.Empty with { Workers = new WorkerCounts(0, 0, 0, workers, workers) } };
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ApplyChildUpdateAsync(UnitUpdate update)
    {
        if (!Apply(update))
        {
            return Task.CompletedTask;
        }

        Changed();
        return _unit.ParentId is { } parentId
            ? GrainFactory.GetGrain<IAreaGrain>(parentId).ApplyChildUpdateAsync(update with { UnitId = _unit.Id, Live = Live(), Version = _version })
            : Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<UnitUpdate> ApplyChildUpdatesAsync(IReadOnlyList<UnitUpdate> updates)
    {
        var sum = new DeltaBatch();
        foreach (var update in updates)
        {
            if (Apply(update))
            {
                sum.Add(update);
            }
        }

        Changed();
        return Task.FromResult(new UnitUpdate(_unit.Id, sum.Hours(), sum.Months(), Live(), _version));
    }

    /// <inheritdoc />
    public Task<UnitSnapshot> GetSnapshotAsync()
    {
        var now = clock.Now;
        var today = clock.DateOf(now);
        return Task.FromResult(_counters.Snapshot(_unit, _version, now, today, Live(), [.. _children.Values.Select(c => c.ToSummary(today))]));
    }

    /// <summary>Adds a known child's deltas and takes its live counts unless an update of a later version came first.</summary>
    private bool Apply(UnitUpdate update)
    {
        if (!_children.TryGetValue(update.UnitId, out var child))
        {
            return false;
        }

        foreach (var delta in update.Counts)
        {
            _counters.Apply(delta);
            child.Apply(delta);
        }

        foreach (var delta in update.MonthCases)
        {
            _counters.Apply(delta);
            child.MonthCases.Apply(delta);
        }

        if (update.Version > child.Version)
        {
            child.Live = update.Live;
            child.Version = update.Version;
        }

        return true;
    }

    private void Changed()
    {
        _version++;
        changes.Notify(_unit.Id);
    }

    private LiveCounts Live()
    {
        long open = 0, overdue = 0, dueSoon = 0, onDuty = 0, patrolling = 0, offDuty = 0, offline = 0, total = 0;
        foreach (var child in _children.Values)
        {
            var live = child.Live;
            open += live.Open;
            overdue += live.Overdue;
            dueSoon += live.DueSoon;
            onDuty += live.Workers.OnDuty;
            patrolling += live.Workers.Patrolling;
            offDuty += live.Workers.OffDuty;
            offline += live.Workers.Offline;
            total += live.Workers.Total;
        }

        return new LiveCounts(open, overdue, dueSoon, new WorkerCounts(onDuty, patrolling, offDuty, offline, total));
    }

    /// <summary>A child as its parent knows it: today's counts and this month's case figures from its deltas, and its latest live counts.</summary>
    private sealed class ChildRecord(Unit unit)
    {
        // Two days, by the parity of the day, as UnitCounters keeps its hours; ints, as UnitCounters keeps its days.
        private readonly int[] _days = new int[2 * CountVector.Fields];
        private DateOnly _evenDate;
        private DateOnly _oddDate;

        public MonthCaseFigures MonthCases { get; } = new();

        public LiveCounts Live { get; set; } = LiveCounts.Empty;

        /// <summary>The child's version when it sent <see cref="Live"/>.</summary>
        public long Version { get; set; }

        public void Apply(HourDelta delta)
        {
            var day = delta.Date.DayNumber % 2;
            if (delta.Date < Date(day))
            {
                return;
            }

            if (delta.Date > Date(day))
            {
                Date(day) = delta.Date;
                Array.Clear(_days, day * CountVector.Fields, CountVector.Fields);
            }

            var values = CountVector.From(delta.Counts);
            for (var i = 0; i < values.Length; i++)
            {
                _days[(day * CountVector.Fields) + i] += (int)values[i];
            }
        }

        public ChildSummary ToSummary(DateOnly today)
        {
            var (closure, onTime, rework) = MonthCases.Rates(today);
            return new ChildSummary(
                unit.Id,
                unit.Name,
                unit.Level,
                Today(today),
                new CaseIndicators(Live.Open, Live.Overdue, Live.DueSoon, closure, onTime, rework),
                Live.Workers);
        }

        private WindowCounts Today(DateOnly today)
        {
            var day = today.DayNumber % 2;
            return Date(day) == today
                ? CountVector.ToCounts(Array.ConvertAll(_days[(day * CountVector.Fields)..((day + 1) * CountVector.Fields)], v => (long)v))
                : CountVector.Zero;
        }

        private ref DateOnly Date(int day) => ref day == 0 ? ref _evenDate : ref _oddDate;
    }
}
