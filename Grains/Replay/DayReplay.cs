using Grains.Hosting;
using Grains.Interfaces;
using Grains.Live;
using Grains.Organisation;
using Grains.Storage;
using Grains.Time;
using Grains.Units;
using Microsoft.Extensions.Options;
using Storage;

namespace Grains.Replay;

/// <summary>
/// A past local day of a unit as its wall showed it (issue 13, section 4), built from the log alone: no grain is
/// activated or asked. The log's entries are folded in the order of their event time (<see cref="LogEntry.OccurredAt"/>)
/// with the grains' own counting types (<see cref="UnitCounters"/>, <see cref="ActivityCounter"/>,
/// <see cref="GridCases"/>, <see cref="WorkerRecord"/>, <see cref="GridLive"/>), everything before the day first,
/// so the snapshot at each minute is what the grains held for the events up to that moment, worked out at that moment
/// (overdue cases, workers gone silent, surges).
/// </summary>
public sealed class DayReplay(
    IEventLog log,
    OrganisationTree organisation,
    LocalClock clock,
    ActivityFeed feed,
    IOptions<EvaluationOptions> evaluation,
    IOptions<SurgeOptions> surges)
{
    /// <summary>The feed items a minute keeps at most: its latest, as the live feed would have shown them.</summary>
    public const int FeedPerMinute = 30;

    private static readonly string[] Types =
        [LogPayloads.ReportType, LogPayloads.CaseSummaryType, LogPayloads.WorkerStatusType, LogPayloads.CaseType];

    /// <summary>
    /// The day <paramref name="date"/> of <paramref name="unitId"/> up to <paramref name="until"/> (its end, or now for
    /// today): a snapshot per minute from local midnight, and the day's feed; null when the unit is unknown.
    /// </summary>
    public async Task<ReplayedDay?> BuildAsync(string unitId, DateOnly date, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (organisation.FindUnit(unitId) is not { } unit)
        {
            return null;
        }

        var start = clock.MidnightStarting(date);
        var end = clock.MidnightStarting(date.AddDays(1));
        end = until < end ? until : end;
        var fold = new Fold(unit, organisation, clock, evaluation.Value.Weights, surges.Value);
        var frames = new List<UnitSnapshot>(1440);
        var feedItems = new List<ActivityItem>();
        var minuteItems = new Queue<ActivityItem>();
        var recorded = false;
        var next = start;
        await foreach (var entry in log.ReadOccurredAsync(DateTimeOffset.MinValue, end, Types, cancellationToken))
        {
            var at = entry.OccurredAt!.Value;
            while (at > next && next < end)
            {
                FlushFeed(minuteItems, feedItems);
                frames.Add(fold.SnapshotAt(next, frames.Count + 1));
                next = next.AddMinutes(1);
            }

            recorded |= at >= start;
            if (at < start)
            {
                fold.Take(entry);
            }
            else if (at >= start && fold.Take(entry) && FeedItem(entry, unit.Id) is { } item)
            {
                minuteItems.Enqueue(item);
                if (minuteItems.Count > FeedPerMinute)
                {
                    minuteItems.Dequeue();
                }
            }
        }

        while (next < end)
        {
            FlushFeed(minuteItems, feedItems);
            frames.Add(fold.SnapshotAt(next, frames.Count + 1));
            next = next.AddMinutes(1);
        }

        FlushFeed(minuteItems, feedItems);
        return new ReplayedDay(unit.Id, date, start, recorded, frames, feedItems);
    }

    private static void FlushFeed(Queue<ActivityItem> minute, List<ActivityItem> day)
    {
        day.AddRange(minute);
        minute.Clear();
    }

    /// <summary>The feed item of a report or a new case in the unit's subtree, as the unit's feed carried it; null for other entries.</summary>
    private ActivityItem? FeedItem(StoredEntry entry, string unitId) =>
        entry.Type switch
        {
            LogPayloads.ReportType => feed.ItemOf(LogPayloads.ReadReport(entry.Payload)) with { UnitId = unitId },
            LogPayloads.CaseType => feed.ItemOf(LogPayloads.ReadCase(entry.Payload)) with { UnitId = unitId },
            _ => null,
        };

    /// <summary>The counts of the unit, of its children and of the grids under it, as the log's entries are taken.</summary>
    private sealed class Fold
    {
        private readonly Unit _unit;
        private readonly OrganisationTree _organisation;
        private readonly LocalClock _clock;
        private readonly EvaluationWeights _weights;
        private readonly SurgeOptions _surges;
        private readonly Dictionary<string, GridFold> _grids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, GridFold> _workers = new(StringComparer.Ordinal);
        private readonly List<Child> _children = [];
        private readonly UnitCounters _counters;

        public Fold(Unit unit, OrganisationTree organisation, LocalClock clock, EvaluationWeights weights, SurgeOptions surges)
        {
            _unit = unit;
            _organisation = organisation;
            _clock = clock;
            _weights = weights;
            _surges = surges;
            if (unit.Level == UnitLevel.Grid)
            {
                var grid = AddGrid(unit, []);
                _counters = grid.Counters;
                return;
            }

            _counters = new UnitCounters();
            foreach (var child in organisation.ChildrenOf(unit.Id))
            {
                var record = new Child(child, organisation.GridsUnder(child.Id).Count);
                _children.Add(record);
                var grids = child.Level == UnitLevel.Grid ? [child] : organisation.GridsUnder(child.Id);
                foreach (var grid in grids)
                {
                    var fold = AddGrid(grid, child.Level == UnitLevel.Grid ? [_counters] : [_counters, record.Counters]);
                    record.Grids.Add(fold);
                    if (child.Level == UnitLevel.Grid)
                    {
                        record.Counters = fold.Counters;
                    }
                }
            }
        }

        /// <summary>Takes one entry; answers whether it is of the unit's subtree.</summary>
        public bool Take(StoredEntry entry)
        {
            switch (entry.Type)
            {
                case LogPayloads.ReportType when _grids.TryGetValue(entry.Stream, out var grid):
                    var counter = new ActivityCounter(_clock);
                    counter.Add(LogPayloads.ReadReportForCounting(entry));
                    var tally = counter.ToTally();
                    grid.Apply(tally.Counts, []);
                    foreach (var sighting in tally.Sightings)
                    {
                        grid.FindWorker(sighting.WorkerId)?.Seen(sighting.At);
                    }

                    return true;
                case LogPayloads.CaseSummaryType when _grids.TryGetValue(entry.Stream, out var grid):
                    var deltas = new DeltaBatch();
                    if ((grid.Cases ??= new()).Take(LogPayloads.ReadCaseSummary(entry.Payload), deltas, _clock))
                    {
                        grid.Apply(deltas.Hours(), deltas.Months());
                    }

                    return true;
                case LogPayloads.WorkerStatusType:
                    var status = LogPayloads.ReadWorkerStatus(entry.Payload);
                    if (!_workers.TryGetValue(status.WorkerId, out var owner))
                    {
                        return false;
                    }

                    owner.FindWorker(status.WorkerId)!.Take(status);
                    return true;
                case LogPayloads.CaseType:
                    return _grids.ContainsKey(LogPayloads.ReadCase(entry.Payload).GridId);
                default:
                    return false;
            }
        }

        /// <summary>The unit's snapshot at <paramref name="now"/>, as its grain would have answered then.</summary>
        public UnitSnapshot SnapshotAt(DateTimeOffset now, long version)
        {
            var today = _clock.DateOf(now);
            if (_unit.Level == UnitLevel.Grid)
            {
                return _counters.Snapshot(_unit, version, now, today, _grids[_unit.Id].LiveAt(now, this), [], _weights);
            }

            var children = new List<ChildSummary>(_children.Count);
            var lives = new List<LiveCounts>(_children.Count);
            foreach (var child in _children)
            {
                var live = child.Unit.Level == UnitLevel.Grid
                    ? child.Grids[0].LiveAt(now, this)
                    : WithSurge(GridLive.Sum(child.Grids.Select(grid => grid.LiveAt(now, this))), child.Counters, now);
                lives.Add(live);
                children.Add(new ChildSummary(
                    child.Unit.Id,
                    child.Unit.Name,
                    child.Unit.Level,
                    child.Counters.Today(today),
                    child.Counters.Cases(today, live, _weights),
                    live.Workers,
                    live.Alerts.Surge,
                    child.GridCount));
            }

            return _counters.Snapshot(_unit, version, now, today, WithSurge(GridLive.Sum(lives), _counters, now), children, _weights);
        }

        /// <summary>An area's live counts: its children's sum with its own surge, as <see cref="AreaGrain"/> adds it.</summary>
        private LiveCounts WithSurge(LiveCounts sum, UnitCounters counters, DateTimeOffset now) =>
            SurgeOf(counters, now) is { } surge ? sum with { Alerts = OverdueNotices.Alerts(sum.Alerts.Overdue, surge) } : sum;

        private ReportSurge? SurgeOf(UnitCounters counters, DateTimeOffset now) =>
            counters.Surge(_clock.DateOf(now), _clock.HourOf(now), _surges);

        private GridFold AddGrid(Unit grid, UnitCounters[] above)
        {
            var fold = new GridFold(grid, [.. _organisation.WorkersOf(grid.Id).Select(worker => new WorkerRecord(worker))], above);
            _grids[grid.Id] = fold;
            foreach (var worker in fold.Workers)
            {
                _workers[worker.Worker.Id] = fold;
            }

            return fold;
        }

        /// <summary>A grid: its counters, cases and workers, and the counters of the units above it that the replay shows.</summary>
        private sealed class GridFold(Unit unit, WorkerRecord[] workers, UnitCounters[] above)
        {
            public Unit Unit { get; } = unit;

            public UnitCounters Counters { get; } = new();

            public WorkerRecord[] Workers { get; } = workers;

            public GridCases? Cases { get; set; }

            public void Apply(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
            {
                Apply(Counters, hours, months);
                foreach (var counters in above)
                {
                    Apply(counters, hours, months);
                }
            }

            public WorkerRecord? FindWorker(string workerId) => Array.Find(Workers, worker => worker.Worker.Id == workerId);

            public LiveCounts LiveAt(DateTimeOffset now, Fold fold) =>
                GridLive.At(now, fold._clock, Cases, Workers, fold._organisation, Unit.Id, fold.SurgeOf(Counters, now));

            private static void Apply(UnitCounters counters, IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
            {
                foreach (var delta in hours)
                {
                    counters.Apply(delta);
                }

                foreach (var delta in months)
                {
                    counters.Apply(delta);
                }
            }
        }

        /// <summary>A child of the unit: its counters (a grid's own), the grids under it, and how many there are.</summary>
        private sealed class Child(Unit unit, int gridCount)
        {
            public Unit Unit { get; } = unit;

            public int GridCount { get; } = gridCount;

            public UnitCounters Counters { get; set; } = new();

            public List<GridFold> Grids { get; } = [];
        }
    }
}

/// <summary>
/// A replayed day of a unit: the unit's snapshot at each minute from local midnight (<paramref name="Frames"/>, the
/// first at 00:00), the feed items of the day (at most <see cref="DayReplay.FeedPerMinute"/> a minute, oldest first),
/// and whether the log holds any entry with an event time that day (<paramref name="Recorded"/>: entries stored before
/// event times were kept have none, and such a day cannot be replayed).
/// </summary>
public sealed record ReplayedDay(
    string UnitId, DateOnly Date, DateTimeOffset Start, bool Recorded, IReadOnlyList<UnitSnapshot> Frames, IReadOnlyList<ActivityItem> Feed);
