using Grains.Cases;
using Grains.Interfaces;
using Grains.Live;
using Grains.Organisation;
using Grains.Time;
using Silo;

namespace Grains.Units;

/// <summary>
/// A grid: counts its activities and cases, knows its workers' presence, and sends every change up to its community.
/// A one-shot timer wakes it when a case turns due soon or overdue, a worker goes offline or the local day ends, so
/// those show without a write. State is rebuilt from the log on start, so the grain stays active.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class GridGrain(OrganisationTree organisation, LocalClock clock, UnitChanges changes) : Grain, IGridGrain
{
    private static readonly Dictionary<string, CaseSummary> NoCases = [];

    private readonly UnitCounters _counters = new();

    // A grid has one worker or a few: an array searched in order costs less than a dictionary.
    private WorkerRecord[] _workers = [];

    // Made at the grid's first case: most grids of a big organisation have none, and an empty dictionary costs 80 bytes.
    private Dictionary<string, CaseSummary>? _cases;

    // Only reported and dispatched cases can turn due soon or overdue; closed ones pile up over the years.
    private Dictionary<string, CaseSummary>? _running;
    private long _open;
    private Unit _unit = null!;
    private long _version;
    private LiveCounts _lastSentLive = LiveCounts.Empty;
    private DateOnly _lastSentDate;
    private IGrainTimer? _wakeTimer;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = GetPrimaryKeyString();
        _unit = organisation.FindUnit(id) ?? new Unit(id, id, UnitLevel.Grid, null);
        _workers = [.. organisation.WorkersOf(id).Select(worker => new WorkerRecord(worker))];

        _lastSentDate = clock.Today;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RecordActivitiesAsync(IReadOnlyList<ActivityReport> reports) => RecordTallyAsync(Tally(reports));

    /// <inheritdoc />
    public Task<UnitUpdate> CountActivitiesAsync(IReadOnlyList<ActivityReport> reports)
    {
        var tally = Tally(reports);
        See(tally.Sightings);
        return Task.FromResult(Change(tally.Counts, []));
    }

    /// <inheritdoc />
    public Task RecordTallyAsync(ActivityTally tally)
    {
        See(tally.Sightings);
        return ChangedAsync(tally.Counts, []);
    }

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
        var now = clock.Now;
        return Task.FromResult(_counters.Snapshot(_unit, _version, now, clock.DateOf(now), LiveAt(now), []));
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

    private ActivityTally Tally(IReadOnlyList<ActivityReport> reports)
    {
        var counter = new ActivityCounter(new LocalHourCache(clock));
        foreach (var report in reports)
        {
            counter.Add(report);
        }

        return counter.ToTally();
    }

    private void See(IReadOnlyList<WorkerSighting> sightings)
    {
        foreach (var sighting in sightings)
        {
            FindWorker(sighting.WorkerId)?.Seen(sighting.At);
        }
    }

    private Task ChangedAsync(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months) =>
        SendUpAsync(Change(hours, months));

    /// <summary>Applies a change and returns the update for the parent.</summary>
    private UnitUpdate Change(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
    {
        foreach (var delta in hours)
        {
            _counters.Apply(delta);
        }

        foreach (var delta in months)
        {
            _counters.Apply(delta);
        }

        _version++;
        changes.Notify(_unit.Id);
        ArmWakeTimer();
        return UpdateForParent(hours, months);
    }

    private async Task WakeAsync()
    {
        var now = clock.Now;
        var live = LiveAt(now);
        var today = clock.DateOf(now);
        if (live != _lastSentLive || today != _lastSentDate)
        {
            _version++;
            changes.Notify(_unit.Id);
            await SendUpAsync(UpdateForParent([], []));
        }

        ArmWakeTimer();
    }

    private UnitUpdate UpdateForParent(IReadOnlyList<HourDelta> hours, IReadOnlyList<MonthCaseDelta> months)
    {
        var now = clock.Now;
        _lastSentLive = LiveAt(now);
        _lastSentDate = clock.DateOf(now);
        return new UnitUpdate(_unit.Id, hours, months, _lastSentLive, _version);
    }

    private Task SendUpAsync(UnitUpdate update) =>
        _unit.ParentId is { } parentId
            ? GrainFactory.GetGrain<IAreaGrain>(parentId).ApplyChildUpdateAsync(update)
            : Task.CompletedTask;

    private void ArmWakeTimer()
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

        var due = next - now;
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_wakeTimer is null)
        {
            _wakeTimer = RegisterGrainTimer(WakeAsync, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _wakeTimer.Change(due, Timeout.InfiniteTimeSpan);
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
