using Grains.Cases;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Storage;
using Grains.Time;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Storage;

namespace Grains.Units;

/// <summary>
/// A grid: counts its activities and cases, knows its workers' presence, and sends every change up to its community.
/// The silo's <see cref="WakeSchedule"/> wakes it when a case turns due soon or overdue, a worker goes offline or the local day ends, so
/// those show without a write. It activates from storage: its stream in the log (its reports and its cases'
/// summaries) and its workers' status streams; reports at or below the log position of that read are already
/// counted. Each activation starts a new epoch, which it announces to its community once active. Never collected when
/// idle (README, How data flows): a grid that came back would make its ancestors sum their children afresh.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class GridGrain(OrganisationTree organisation, LocalClock clock, IEventLog log, WakeSchedule wakes, ILogger<GridGrain> logger)
    : Grain, IGridGrain
{
    private static readonly Dictionary<string, CaseSummary> NoCases = [];

    private UnitCounters _counters = new();

    // A grid has one worker or a few: an array searched in order costs less than a dictionary.
    private WorkerRecord[] _workers = [];

    // Made at the grid's first case: most grids of a big organisation have none, and an empty dictionary costs 80 bytes.
    private Dictionary<string, CaseSummary>? _cases;

    // Only reported and dispatched cases can turn due soon or overdue; closed ones pile up over the years.
    private Dictionary<string, CaseSummary>? _running;
    private long _open;
    private readonly UnitObservers _observers = new(logger);
    private Unit _unit = null!;
    private long _version;
    private long _epoch;
    private long _position;
    private LiveCounts _lastSentLive = LiveCounts.Empty;
    private DateOnly _lastSentDate;

    // When the grid asked the silo's WakeSchedule to wake it next; null once woken.
    private DateTimeOffset? _wakeAt;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans runs the start of an activation, up to its first pending await, under the activation's lock; a call to
        // another local grain from there takes that grain's lock too, and two grains doing so towards each other
        // deadlock. Yielding first lets the activation go on as an ordinary turn, outside that lock.
        await Task.Yield();
        var id = this.GetPrimaryKeyString();
        _unit = organisation.FindUnit(id) ?? new Unit(id, id, UnitLevel.Grid, null);
        _version = VersionStamp.Start();
        await LoadAsync(cancellationToken);

        // Once active: a one-way call to itself waits for the activation to end.
        // A fresh reference: one from AsReference stays cached on the activation for its whole life.
        _ = GrainFactory.GetGrain<IGridGrain>(_unit.Id).AnnounceAsync();
    }

    /// <inheritdoc />
    public Task RecordActivitiesAsync(IReadOnlyList<StoredReport> reports) => ChangedAsync(CountNew(reports), []);

    /// <inheritdoc />
    public Task<UnitUpdate> CountActivitiesAsync(IReadOnlyList<StoredReport> reports) =>
        Task.FromResult(Change(CountNew(reports), []));

    /// <inheritdoc />
    public Task EnsureCountedAsync(long sequence) => sequence <= _position ? Task.CompletedTask : ReloadAsync();

    /// <inheritdoc />
    public Task RecordWorkerStatusAsync(WorkerStatusReport status)
    {
        if (FindWorker(status.WorkerId) is not { } worker)
        {
            return Task.CompletedTask;
        }

        worker.Take(status);
        return ChangedAsync([], []);
    }

    /// <inheritdoc />
    public Task UpsertCaseAsync(CaseSummary summary)
    {
        CaseSummary? held = null;
        _cases?.TryGetValue(summary.Id, out held);
        if (held is not null && held.Revision >= summary.Revision)
        {
            return Task.CompletedTask;
        }

        var deltas = new DeltaBatch();
        if (held is not null)
        {
            AddCase(deltas, held, -1);
        }

        AddCase(deltas, summary, 1);
        Track(held, summary);
        return ChangedAsync(deltas.Hours(), deltas.Months());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkerView>> GetWorkersAsync()
    {
        var now = clock.Now;
        return Task.FromResult<IReadOnlyList<WorkerView>>([.. _workers.Select(w => w.ToView(now))]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseSummary>> GetCasesAsync() =>
        Task.FromResult<IReadOnlyList<CaseSummary>>(
            _cases is null ? [] : [.. _cases.Values.OrderByDescending(c => c.OccurredAt).ThenBy(c => c.Id, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task<UnitSnapshot> GetSnapshotAsync()
    {
        _observers.Read();
        var now = clock.Now;
        return Task.FromResult(_counters.Snapshot(_unit, _version, now, clock.DateOf(now), LiveAt(now), []));
    }

    /// <inheritdoc />
    public Task<UnitContribution> GetContributionAsync() =>
        Task.FromResult(_counters.Export(_unit.Id, LiveAt(clock.Now), _version, _epoch));

    /// <inheritdoc />
    public Task<long> SubscribeAsync(IUnitObserver observer) => _observers.SubscribeAsync(observer, _version);

    /// <inheritdoc />
    public Task UnsubscribeAsync(IUnitObserver observer) => _observers.UnsubscribeAsync(observer);

    /// <inheritdoc />
    public async Task ReloadAsync()
    {
        await LoadAsync(CancellationToken.None);
        await AnnounceAsync();
    }

    private void Track(CaseSummary? held, CaseSummary summary)
    {
        _cases ??= [];
        _cases[summary.Id] = summary;
        _open += (CaseDeadlines.IsOpen(summary.State) ? 1 : 0) - (held is not null && CaseDeadlines.IsOpen(held.State) ? 1 : 0);
        if (summary.State is CaseState.Reported or CaseState.Dispatched)
        {
            _running ??= [];
            _running[summary.Id] = summary;
        }
        else
        {
            _running?.Remove(summary.Id);
        }
    }

    /// <summary>Adds (sign 1) or takes back (sign -1) what a case contributes to the windowed counts and the rates.</summary>
    private void AddCase(DeltaBatch deltas, CaseSummary summary, int sign)
    {
        if (summary.State == CaseState.Cancelled)
        {
            return;
        }

        deltas.AddCounts(clock.DateOf(summary.OccurredAt), clock.HourOf(summary.OccurredAt), CountField.CasesReported, sign);
        var closed = summary.State == CaseState.Closed && summary.ClosedAt is not null;
        if (closed)
        {
            deltas.AddCounts(clock.DateOf(summary.ClosedAt!.Value), clock.HourOf(summary.ClosedAt.Value), CountField.CasesClosed, sign);
        }

        var onTime = closed && summary.ClosedAt <= summary.Deadline;
        deltas.AddMonth(
            clock.MonthOf(summary.OccurredAt),
            summary.Category,
            sign,
            closed ? sign : 0,
            onTime ? sign : 0,
            summary.ReworkCount > 0 ? sign : 0);
    }

    /// <summary>Counts the reports not read from the log at activation; answers their deltas.</summary>
    private IReadOnlyList<HourDelta> CountNew(IReadOnlyList<StoredReport> reports)
    {
        var counter = new ActivityCounter(new LocalHourCache(clock));
        foreach (var stored in reports)
        {
            if (stored.Sequence > _position)
            {
                counter.Add(stored.Report);
            }
        }

        var tally = counter.ToTally();
        See(tally.Sightings);
        return tally.Counts;
    }

    private void See(IReadOnlyList<WorkerSighting> sightings)
    {
        foreach (var sighting in sightings)
        {
            FindWorker(sighting.WorkerId)?.Seen(sighting.At);
        }
    }

    /// <summary>
    /// Forgets everything and reads the grid back from the log: its reports and case summaries, then each worker's
    /// statuses. Takes a new epoch.
    /// </summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _counters = new UnitCounters();
        _cases = null;
        _running = null;
        _open = 0;
        _workers = [.. organisation.WorkersOf(_unit.Id).Select(worker => new WorkerRecord(worker))];
        var read = await log.ReadStreamAsync(_unit.Id, 0, cancellationToken);
        var counter = new ActivityCounter(new LocalHourCache(clock));
        var cases = new Dictionary<string, CaseSummary>(StringComparer.Ordinal);
        foreach (var entry in read.Entries)
        {
            if (entry.Type == LogPayloads.ReportType)
            {
                counter.Add(LogPayloads.ReadReportForCounting(entry));
            }
            else if (entry.Type == LogPayloads.CaseSummaryType)
            {
                var summary = LogPayloads.ReadCaseSummary(entry.Payload);
                if (!cases.TryGetValue(summary.Id, out var held) || held.Revision < summary.Revision)
                {
                    cases[summary.Id] = summary;
                }
            }
        }

        foreach (var worker in _workers)
        {
            var statuses = await log.ReadStreamAsync(LogPayloads.WorkerStream(worker.Worker.Id), 0, cancellationToken);
            foreach (var entry in statuses.Entries)
            {
                worker.Take(LogPayloads.ReadWorkerStatus(entry.Payload));
            }
        }

        var tally = counter.ToTally();
        See(tally.Sightings);
        foreach (var delta in tally.Counts)
        {
            _counters.Apply(delta);
        }

        foreach (var summary in cases.Values)
        {
            var deltas = new DeltaBatch();
            AddCase(deltas, summary, 1);
            Track(null, summary);
            Apply(deltas.Hours(), deltas.Months());
        }

        _position = read.Position;
        _epoch = ++_version;
        var now = clock.Now;
        _lastSentLive = LiveAt(now);
        _lastSentDate = clock.DateOf(now);
        ScheduleWake();
    }

    /// <inheritdoc />
    public Task AnnounceAsync() =>
        SendUpAsync(UpdateForParent([], []));

    private Task ChangedAsync(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months) =>
        SendUpAsync(Change(hours, months));

    /// <summary>Applies a change and returns the update for the parent.</summary>
    private UnitUpdate Change(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
    {
        Apply(hours, months);
        _version++;
        _observers.Changed(_unit.Id);
        ScheduleWake();
        return UpdateForParent(hours, months);
    }

    private void Apply(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
    {
        foreach (var delta in hours)
        {
            _counters.Apply(delta);
        }

        foreach (var delta in months)
        {
            _counters.Apply(delta);
        }
    }

    /// <inheritdoc />
    public async Task WakeAsync()
    {
        _wakeAt = null;
        try
        {
            var now = clock.Now;
            var live = LiveAt(now);
            var today = clock.DateOf(now);
            if (live != _lastSentLive || today != _lastSentDate)
            {
                _version++;
                _observers.Changed(_unit.Id);
                await SendUpAsync(UpdateForParent([], []));
            }
        }
        finally
        {
            ScheduleWake();
        }
    }

    private UnitUpdate UpdateForParent(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
    {
        var now = clock.Now;
        _lastSentLive = LiveAt(now);
        _lastSentDate = clock.DateOf(now);
        return new UnitUpdate(_unit.Id, hours, months, _lastSentLive, _version, _epoch);
    }

    /// <summary>
    /// Sends an update to the community. When that fails the community may or may not have it, so the grid takes a
    /// new epoch: its next update makes the community sum it afresh instead of adding deltas to a sum it cannot trust.
    /// </summary>
    private async Task SendUpAsync(UnitUpdate update)
    {
        if (_unit.ParentId is not { } parentId)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IAreaGrain>(parentId).ApplyChildUpdateAsync(update);
        }
        catch
        {
            _epoch = ++_version;
            throw;
        }
    }

    private void ScheduleWake()
    {
        var now = clock.Now;
        var next = clock.NextMidnightAfter(now);
        foreach (var summary in (_running ?? NoCases).Values)
        {
            if (CaseDeadlines.NextCrossing(summary.State, summary.OccurredAt, summary.Deadline, now) is { } crossing && crossing < next)
            {
                next = crossing;
            }
        }

        foreach (var worker in _workers)
        {
            if (worker.OfflineFrom(now) is { } offline && offline < next)
            {
                next = offline;
            }
        }

        // A wake asked for earlier still comes, and asks for the next one then; a later one is asked for only once
        // that one has passed, so the schedule holds about one entry per grid.
        if (_wakeAt is not { } asked || next < asked || asked <= now)
        {
            _wakeAt = next;
            wakes.Schedule(_unit.Id, next);
        }
    }

    private LiveCounts LiveAt(DateTimeOffset now)
    {
        long overdue = 0, dueSoon = 0;
        foreach (var c in (_running ?? NoCases).Values)
        {
            overdue += CaseDeadlines.IsOverdue(c.State, c.Deadline, now) ? 1 : 0;
            dueSoon += CaseDeadlines.IsDueSoon(c.State, c.OccurredAt, c.Deadline, now) ? 1 : 0;
        }

        long onDuty = 0, patrolling = 0, offDuty = 0, offline = 0;
        foreach (var worker in _workers)
        {
            switch (worker.PresenceAt(now))
            {
                case WorkerPresence.OnDuty: onDuty++; break;
                case WorkerPresence.Patrolling: patrolling++; break;
                case WorkerPresence.OffDuty: offDuty++; break;
                default: offline++; break;
            }
        }

        return new LiveCounts(_open, overdue, dueSoon, new WorkerCounts(onDuty, patrolling, offDuty, offline, _workers.Length));
    }

    private WorkerRecord? FindWorker(string workerId)
    {
        foreach (var worker in _workers)
        {
            if (worker.Worker.Id == workerId)
            {
                return worker;
            }
        }

        return null;
    }
}
