using System.Text.Json;
using Dashboard.Web.Hosting;
using Grains.Interfaces;
using Grains.Live;
using Grains.Organisation;
using Grains.Queries;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Live;

/// <summary>
/// The one background service that pushes to hub clients (spec 4). It collects the changes of followed units and the
/// new activity, and pushes each unit at most once per interval: the fresh snapshot, serialized once, when its version
/// grew, and the activity batch of its subtree. Each client's <see cref="ClientOutbox"/> keeps slow clients from
/// holding up the rest.
/// </summary>
public sealed partial class MetricsPusher(
    UnitChanges changes,
    ActivityFeed feed,
    Subscriptions subscriptions,
    RecentActivity recent,
    OrganisationTree organisation,
    UnitQueries units,
    IOptions<PushOptions> options,
    IOptions<JsonHubProtocolOptions> json,
    TimeProvider time,
    WebMetrics metrics,
    ILogger<MetricsPusher> logger) : BackgroundService
{
    /// <summary>How many items a unit's activity batch carries at most; older ones in the same interval are left out.</summary>
    public const int MaxBatchItems = 30;

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    // How long one round waits for a unit's snapshot before it tries again in the next.
    private static readonly TimeSpan SnapshotPatience = TimeSpan.FromSeconds(2);

    // Under load every accepted report signals a change; a short rest between rounds turns thousands of wake-ups a
    // second into at most 200, for at most this much added latency.
    private static readonly TimeSpan RoundGap = TimeSpan.FromMilliseconds(5);

    private readonly PushSchedule _schedule = new(options.Value.Interval);
    private readonly Dictionary<string, long> _pushedVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ActivityItem>> _activity = new(StringComparer.Ordinal);
    // When each unit's oldest change not yet pushed reached this node: the push latency's start.
    private readonly Dictionary<string, DateTimeOffset> _changedAt = new(StringComparer.Ordinal);
    private Task? _changeWait;
    private Task<bool>? _feedWait;
    private DateTimeOffset _nextPrune;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(stoppingToken);
                await PushDueAsync();
                await Task.Delay(RoundGap, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPushFailed(exception);
            }
        }
    }

    private async Task PushDueAsync()
    {
        var now = time.GetUtcNow();
        foreach (var unitId in changes.TakeChanged())
        {
            _schedule.Mark(unitId, PendingPush.Snapshot);
            _changedAt.TryAdd(unitId, now);
        }

        TakeActivity();
        var due = _schedule.TakeDue(now);
        var snapshots = new List<Task<(string UnitId, UnitSnapshot? Snapshot, bool Failed)>>();
        foreach (var (unitId, pending) in due)
        {
            if (pending.HasFlag(PendingPush.Activity))
            {
                SendActivity(unitId);
            }

            if (pending.HasFlag(PendingPush.Snapshot))
            {
                snapshots.Add(ReadSnapshotAsync(unitId));
            }
        }

        foreach (var (unitId, snapshot, failed) in await Task.WhenAll(snapshots))
        {
            if (failed)
            {
                // Its grain's silo may have died: the unit comes due again next interval, where it activates next.
                _schedule.Mark(unitId, PendingPush.Snapshot);
            }
            else if (snapshot is not null)
            {
                SendSnapshot(snapshot);
            }
        }

        if (now >= _nextPrune)
        {
            _nextPrune = now + PruneEvery;
            Prune();
        }
    }

    /// <summary>
    /// Reads a unit's snapshot for <see cref="SnapshotPatience"/> at most: a call to a grain whose silo died waits for
    /// Orleans' response timeout (30 s), and one unit must not hold up the push of the others that long.
    /// </summary>
    private async Task<(string UnitId, UnitSnapshot? Snapshot, bool Failed)> ReadSnapshotAsync(string unitId)
    {
        try
        {
            return (unitId, await units.GetSnapshotAsync(unitId).WaitAsync(SnapshotPatience), false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSnapshotFailed(unitId, exception.Message);
            return (unitId, null, true);
        }
    }

    private void TakeActivity()
    {
        while (feed.Items.TryRead(out var item))
        {
            recent.Add(item);
            foreach (var unit in organisation.LineOf(item.GridId))
            {
                if (!subscriptions.IsFollowed(unit.Id))
                {
                    continue;
                }

                if (!_activity.TryGetValue(unit.Id, out var batch))
                {
                    batch = new Queue<ActivityItem>();
                    _activity[unit.Id] = batch;
                }

                if (batch.Count == MaxBatchItems)
                {
                    batch.Dequeue();
                }

                batch.Enqueue(item with { UnitId = unit.Id });
                _schedule.Mark(unit.Id, PendingPush.Activity);
            }
        }
    }

    private void SendActivity(string unitId)
    {
        if (!_activity.Remove(unitId, out var batch) || batch.Count == 0)
        {
            return;
        }

        var subscribers = subscriptions.SubscribersOf(unitId);
        if (subscribers.Count == 0)
        {
            return;
        }

        var payload = SerializedPayload.From(batch.ToArray(), json.Value.PayloadSerializerOptions);
        foreach (var outbox in subscribers)
        {
            outbox.OfferActivity(payload);
        }
    }

    private void SendSnapshot(UnitSnapshot snapshot)
    {
        if (snapshot.Version <= _pushedVersions.GetValueOrDefault(snapshot.UnitId, -1))
        {
            return;
        }

        _pushedVersions[snapshot.UnitId] = snapshot.Version;
        var subscribers = subscriptions.SubscribersOf(snapshot.UnitId);
        if (subscribers.Count == 0)
        {
            return;
        }

        var payload = SerializedPayload.From(snapshot, json.Value.PayloadSerializerOptions);
        foreach (var outbox in subscribers)
        {
            outbox.OfferSnapshot(snapshot.UnitId, snapshot.Version, payload);
        }

        if (_changedAt.Remove(snapshot.UnitId, out var changedAt))
        {
            metrics.SnapshotPushed(time.GetUtcNow() - changedAt);
        }
    }

    /// <summary>Waits for a change, new activity, or the time the next pending unit comes due.</summary>
    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        // The waits outlive one round: a new wait each round would leave the old one to swallow a signal.
        _changeWait ??= changes.WaitAsync(stoppingToken).AsTask();
        _feedWait ??= feed.Items.WaitToReadAsync(stoppingToken).AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var waits = new List<Task> { _changeWait, _feedWait };
        if (_schedule.NextDue() is { } next)
        {
            waits.Add(Task.Delay(Max(next - time.GetUtcNow(), TimeSpan.Zero), time, timer.Token));
        }

        await Task.WhenAny(waits);
        await timer.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        if (_changeWait.IsCompleted)
        {
            await _changeWait;
            _changeWait = null;
        }

        if (_feedWait.IsCompleted)
        {
            await _feedWait;
            _feedWait = null;
        }
    }

    private void Prune()
    {
        _schedule.Prune(subscriptions.IsFollowed);
        foreach (var unitId in _pushedVersions.Keys.Where(id => !subscriptions.IsFollowed(id)).ToList())
        {
            _pushedVersions.Remove(unitId);
        }

        foreach (var unitId in _changedAt.Keys.Where(id => !subscriptions.IsFollowed(id)).ToList())
        {
            _changedAt.Remove(unitId);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "推送失败，继续运行 A live push failed; carrying on.")]
    private partial void LogPushFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot of unit {UnitId} could not be read for the push; it is tried again next interval: {Reason}")]
    private partial void LogSnapshotFailed(string unitId, string reason);
}
