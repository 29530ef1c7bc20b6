using Grains.Cases;
using Grains.Hosting;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Storage;
using Grains.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Storage;

namespace Grains.Units;

/// <summary>
/// A grid: counts its activities and cases, knows its workers' presence, and sends every change up to its community.
/// The silo's <see cref="WakeSchedule"/> wakes it when a case turns due soon or overdue, a worker goes offline, the local
/// day ends or a report surge ends with its hour, so those show without a write. It activates from storage: its latest snapshot, the entries of its stream after it (its
/// reports and its cases' summaries) and its workers' status streams; reports at or below the log position of that
/// read are already counted. Each activation starts a new epoch, which it announces to its community once active.
/// Never collected when idle (README, How data flows): a grid that came back would make its ancestors sum their
/// children afresh.
/// </summary>
/// <remarks>
/// Snapshots: once it has counted <see cref="GridPulseOptions.SnapshotEvery"/> reports since its last snapshot (or an
/// eighth as many when deactivated), the grid reads the entries of its stream after its position that it has not
/// been handed (a writer may have died between the log and the grid, or be on its way), counts them, and writes what
/// it then holds, which is exactly its stream up to the log's position, as a snapshot at that position.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class GridGrain(UnitServices services)
    : Grain, IGridGrain, GroupedCalls<UnitUpdate>.ITarget
{
    private UnitCounters _counters = new();

    // A grid has one worker or a few: an array searched in order costs less than a dictionary.
    private WorkerRecord[] _workers = [];

    // Made at the grid's first case: most grids of a big organisation have none, and an empty dictionary costs 80 bytes.
    private GridCases? _cases;

    // Made at the first subscription: most units of a big organisation are never watched.
    private UnitObservers? _observers;
    private GroupedCalls<UnitUpdate> _parent = null!;
    private Unit _unit = null!;
    private long _version;
    private long _epoch;
    private long _position;

    // Reports counted since the last snapshot (read from the log or handed over), and the sequences of those handed
    // over after the read at _position, which a snapshot need not read again (an array and its count, not a list:
    // 48 bytes less a grid).
    private int _sinceSnapshot;
    private long[]? _handed;
    private int _handedCount;
    private LiveCounts _lastSentLive = LiveCounts.Empty;
    private DateOnly _lastSentDate;

    // When the grid asked the silo's WakeSchedule to wake it next; default once woken (a nullable one costs 8 bytes more).
    private DateTimeOffset _wakeAt;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans runs the start of an activation, up to its first pending await, under the activation's lock; a call to
        // another local grain from there takes that grain's lock too, and two grains doing so towards each other
        // deadlock. Yielding first lets the activation go on as an ordinary turn, outside that lock.
        await Task.Yield();
        await services.Follower.CaughtUp;
        var id = this.GetPrimaryKeyString();
        _unit = services.Organisation.FindUnit(id) ?? new Unit(id, id, UnitLevel.Grid, null);
        _parent = new GroupedCalls<UnitUpdate>(this);
        _version = VersionStamp.Start();
        await LoadAsync(cancellationToken);

        // Once active: a one-way call to itself waits for the activation to end.
        // A fresh reference: one from AsReference stays cached on the activation for its whole life.
        var self = GrainFactory.GetGrain<IGridGrain>(_unit.Id);
        _ = self.AnnounceAsync();
        if (SnapshotDue(services.Options.SnapshotEvery))
        {
            _ = self.SnapshotAsync();
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await SnapshotIfDueAsync(Math.Max(1, services.Options.SnapshotEvery / 8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A snapshot only saves the next activation reading; the log has everything.
            SnapshotFailed(services.GridLogger, _unit.Id, exception);
        }
        finally
        {
            // Its cases are counted by the activation that follows, wherever it is.
            SetLive(LiveCounts.Empty);
        }
    }

    /// <inheritdoc />
    public Task<UnitUpdate> CountActivitiesAsync(IReadOnlyList<StoredReport> reports)
    {
        var update = Change(CountNew(reports), []);
        AskForSnapshotWhenDue();
        return Task.FromResult(update);
    }

    /// <inheritdoc />
    public Task EnsureCountedAsync(long sequence) =>
        sequence <= _position || WasHanded(sequence) ? Task.CompletedTask : ReloadAsync();

    /// <inheritdoc />
    public async Task SnapshotAsync()
    {
        try
        {
            await SnapshotIfDueAsync(services.Options.SnapshotEvery);
        }
        catch (Exception exception)
        {
            SnapshotFailed(services.GridLogger, _unit.Id, exception);
        }
    }

    /// <inheritdoc />
    public Task RecordWorkerStatusAsync(WorkerStatusReport status)
    {
        if (FindWorker(status.WorkerId) is not { } worker)
        {
            return Task.CompletedTask;
        }

        // A repeat (its first attempt's writer may have died before the grid had it) changes nothing the second time.
        return worker.Take(status) ? ChangedAsync([], []) : Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpsertCaseAsync(CaseSummary summary)
    {
        var deltas = new DeltaBatch();
        return Take(summary, deltas) ? ChangedAsync(deltas.Hours(), deltas.Months()) : Task.CompletedTask;
    }

    /// <summary>Takes a case summary newer than the one held, adding the change of the counts to <paramref name="deltas"/>.</summary>
    private bool Take(CaseSummary summary, DeltaBatch deltas) => (_cases ??= new()).Take(summary, deltas, services.Clock);

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkerView>> GetWorkersAsync()
    {
        var now = services.Clock.Now;
        return Task.FromResult<IReadOnlyList<WorkerView>>([.. _workers.Select(w => w.ToView(now))]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseSummary>> GetCasesAsync() =>
        Task.FromResult<IReadOnlyList<CaseSummary>>(
            _cases is null ? [] : [.. _cases.All.OrderByDescending(c => c.OccurredAt).ThenBy(c => c.Id, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task<UnitSnapshot> GetSnapshotAsync()
    {
        _observers?.Read();
        var now = services.Clock.Now;
        return Task.FromResult(_counters.Snapshot(_unit, _version, now, services.Clock.DateOf(now), LiveAt(now), [], services.Evaluation.Weights));
    }

    /// <inheritdoc />
    public Task<UnitContribution> GetContributionAsync() =>
        Task.FromResult(_counters.Export(_unit.Id, LiveAt(services.Clock.Now), _version, _epoch));

    /// <inheritdoc />
    public Task<long> SubscribeAsync(IUnitObserver observer) => (_observers ??= new(services.GridLogger)).SubscribeAsync(observer, _version);

    /// <inheritdoc />
    public Task UnsubscribeAsync(IUnitObserver observer) => _observers?.UnsubscribeAsync(observer) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async Task ReloadAsync()
    {
        await LoadAsync(CancellationToken.None);
        await AnnounceAsync();
    }

    /// <inheritdoc />
    public async Task OrganisationChangedAsync(long version)
    {
        await services.Follower.ReachAsync(version);
        if (services.Organisation.FindUnit(_unit.Id) is not { } unit)
        {
            // Retired: nothing reaches it any more, and its parent has left it out.
            return;
        }

        // Its name, its community (where its updates go next) and its workers as they are now; the new epoch makes its
        // old community, if any, forget it and its new one sum it.
        _unit = unit;
        await ReloadAsync();
    }

    /// <summary>Counts the reports not read from the log at activation or by a snapshot; answers their deltas.</summary>
    private IReadOnlyList<HourDelta> CountNew(IReadOnlyList<StoredReport> reports)
    {
        var counter = new ActivityCounter(services.Clock);
        foreach (var stored in reports)
        {
            if (stored.Sequence > _position)
            {
                counter.Add(stored.Report);
                Hand(stored.Sequence);
            }
        }

        _sinceSnapshot += counter.Count;
        var tally = counter.ToTally();
        See(tally.Sightings);
        return tally.Counts;
    }

    /// <summary>
    /// Counts reports and takes case summaries read from the log; answers the change of the counts, not yet applied.
    /// A summary older than the one held changes nothing, so reading one twice is harmless.
    /// </summary>
    private (IReadOnlyList<HourDelta> Hours, IReadOnlyList<MonthCaseDelta> Months) Fold(IReadOnlyList<StoredEntry> entries)
    {
        var counter = new ActivityCounter(services.Clock);
        var cases = new DeltaBatch();
        foreach (var entry in entries)
        {
            if (entry.Type == LogPayloads.ReportType)
            {
                counter.Add(LogPayloads.ReadReportForCounting(entry));
            }
            else if (entry.Type == LogPayloads.CaseSummaryType)
            {
                Take(LogPayloads.ReadCaseSummary(entry.Payload), cases);
            }
        }

        _sinceSnapshot += counter.Count;
        var tally = counter.ToTally();
        See(tally.Sightings);
        return ([.. tally.Counts, .. cases.Hours()], cases.Months());
    }

    private bool SnapshotDue(int threshold) => _sinceSnapshot >= threshold;

    private void Hand(long sequence)
    {
        if (_handed is null || _handedCount == _handed.Length)
        {
            Array.Resize(ref _handed, Math.Max(2, 2 * _handedCount));
        }

        _handed[_handedCount++] = sequence;
    }

    private bool WasHanded(long sequence) => _handed is not null && Array.IndexOf(_handed, sequence, 0, _handedCount) >= 0;

    /// <summary>Asks the grid, in a turn of its own after this one, to write a snapshot once one is due.</summary>
    private void AskForSnapshotWhenDue()
    {
        if (SnapshotDue(services.Options.SnapshotEvery))
        {
            _ = GrainFactory.GetGrain<IGridGrain>(_unit.Id).SnapshotAsync();
        }
    }

    /// <summary>
    /// When at least <paramref name="threshold"/> reports were counted since the last snapshot: counts what the log holds
    /// of the grid's stream that it was not handed, and writes what it then holds as a snapshot at the log's position.
    /// </summary>
    private async Task SnapshotIfDueAsync(int threshold)
    {
        if (!SnapshotDue(threshold))
        {
            return;
        }

        var read = await services.Log.ReadStreamAsync(_unit.Id, _position, _handed is null ? null : new HashSet<long>(_handed.Take(_handedCount)));
        var (hours, months) = Fold(read.Entries);
        var change = hours.Count > 0 || months.Count > 0 ? Change(hours, months) : null;
        var snapshot = new GridSnapshot(
            GridSnapshot.CurrentFormat,
            read.Position,
            _counters.Export(_unit.Id, LiveCounts.Empty, 0, 0),
            [.. _cases?.All ?? []],
            [.. _workers.Where(w => w.LastSeen is not null).Select(w => new WorkerSighting(w.Worker.Id, w.LastSeen!.Value))]);

        // Everything of the stream up to the read's position is counted now, whatever the snapshot's fate.
        _position = read.Position;
        _handed = null;
        _handedCount = 0;
        try
        {
            await services.Log.AppendAsync([LogPayloads.ToEntry(_unit.Id, snapshot)]);
            _sinceSnapshot = 0;
        }
        finally
        {
            if (change is not null)
            {
                await SendUpAsync(change);
            }
        }
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
        _sinceSnapshot = 0;
        _handed = null;
        _handedCount = 0;
        _workers = [.. services.Organisation.WorkersOf(_unit.Id).Select(worker => new WorkerRecord(worker))];
        var snapshot = await services.Log.ReadLatestAsync(LogPayloads.SnapshotStream(_unit.Id), cancellationToken) is { } entry
            ? LogPayloads.ReadGridSnapshot(entry.Payload)
            : null;
        if (snapshot is not null)
        {
            Restore(snapshot);
        }

        var read = await services.Log.ReadStreamAsync(_unit.Id, snapshot?.Position ?? 0, cancellationToken: cancellationToken);
        var (hours, months) = Fold(read.Entries);
        Apply(hours, months);
        foreach (var worker in _workers)
        {
            var statuses = await services.Log.ReadStreamAsync(LogPayloads.WorkerStream(worker.Worker.Id), cancellationToken: cancellationToken);
            foreach (var status in statuses.Entries)
            {
                worker.Take(LogPayloads.ReadWorkerStatus(status.Payload));
            }
        }

        _position = read.Position;
        _epoch = ++_version;
        var now = services.Clock.Now;
        SetLive(LiveAt(now));
        _lastSentDate = services.Clock.DateOf(now);
        ScheduleWake();
    }

    /// <summary>Takes what a snapshot holds: counts that already include its cases, the cases, and the workers' sightings.</summary>
    private void Restore(GridSnapshot snapshot)
    {
        _counters.Add(snapshot.Counts);
        foreach (var summary in snapshot.Cases)
        {
            (_cases ??= new()).Restore(summary);
        }

        See(snapshot.Sightings);
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
        _observers?.Changed(_unit.Id);
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
        _wakeAt = default;
        try
        {
            var now = services.Clock.Now;
            var live = LiveAt(now);
            var today = services.Clock.DateOf(now);
            if (live != _lastSentLive || today != _lastSentDate)
            {
                _version++;
                _observers?.Changed(_unit.Id);
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
        var now = services.Clock.Now;
        SetLive(LiveAt(now));
        _lastSentDate = services.Clock.DateOf(now);
        return new UnitUpdate(_unit.Id, hours, months, _lastSentLive, _version, _epoch);
    }

    /// <summary>Sends an update to the community through the grid's <see cref="GroupedCalls{T}"/> to the parent.</summary>
    private Task SendUpAsync(UnitUpdate update) => _parent.SendAsync(update);

    /// <summary>Sends updates to the community under the current epoch; when that fails, takes a new epoch.</summary>
    Task GroupedCalls<UnitUpdate>.ITarget.CallAsync(IReadOnlyList<UnitUpdate> updates) =>
        _unit.ParentId is { } parentId
            ? ParentLink.CallAsync(GrainFactory.GetGrain<IAreaGrain>(parentId), updates, _epoch, () => _epoch = ++_version, GrainFactory.GetGrain<IGridGrain>(_unit.Id))
            : Task.CompletedTask;

    private void ScheduleWake()
    {
        var now = services.Clock.Now;
        var next = services.Clock.NextMidnightAfter(now);
        foreach (var summary in _cases?.Running ?? [])
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

        if (SurgeAt(now) is not null)
        {
            var hourEnds = services.Clock.NextHourAfter(now);
            next = hourEnds < next ? hourEnds : next;
        }

        // A wake asked for earlier still comes, and asks for the next one then; a later one is asked for only once
        // that one has passed (or none is asked for: default), so the schedule holds about one entry per grid.
        if (next < _wakeAt || _wakeAt <= now)
        {
            _wakeAt = next;
            services.Wakes.Schedule(_unit, next);
        }
    }

    /// <summary>The live counts the community last had from this grid; the process's case gauges follow them.</summary>
    private void SetLive(LiveCounts live)
    {
        services.Metrics.GridCasesChanged(_lastSentLive, live);
        _lastSentLive = live;
    }

    private LiveCounts LiveAt(DateTimeOffset now) => GridLive.At(now, services.Clock, _cases, _workers, services.Organisation, _unit.Id, SurgeAt(now));

    private ReportSurge? SurgeAt(DateTimeOffset now) => _counters.Surge(services.Clock.DateOf(now), services.Clock.HourOf(now), services.Surges);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grid {GridId} could not write its snapshot; it tries again after more reports, and its next activation reads more of the log.")]
    private static partial void SnapshotFailed(ILogger logger, string gridId, Exception exception);
}
