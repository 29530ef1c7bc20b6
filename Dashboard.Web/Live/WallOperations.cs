using Grains.Interfaces;
using Grains.Organisation;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// This web node's end of wall operations (issue 13, section 3). It subscribes the node to
/// <see cref="IWallBroadcastGrain"/> (renewing every <see cref="Renewal"/>, which also fetches the active banners
/// again), sends each connected wall the active banners of the unit it shows (a banner of a unit shows on every wall
/// of its subtree) whenever that list changes, a banner's end included, and passes reload orders on, each wall with its
/// own random delay within the order's window. It reports the node's walls (<see cref="ConnectedWalls"/>) to
/// <see cref="IWallRosterGrain"/> every <see cref="RosterInterval"/>, at once when a wall comes, goes or switches unit, and
/// before this node answers a list of the walls.
/// </summary>
public sealed partial class WallOperations(
    IGrainFactory grains,
    ConnectedWalls walls,
    OrganisationTree organisation,
    IHubContext<MetricsHub, IDashboardClient> hub,
    TimeProvider time,
    ILogger<WallOperations> logger) : BackgroundService, IWallObserver
{
    /// <summary>How often the node renews its subscription to the banners: well within its one-minute expiry.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    /// <summary>How often the node reports its walls to the roster.</summary>
    public static readonly TimeSpan RosterInterval = TimeSpan.FromSeconds(5);

    // A call to a grain whose silo died waits for Orleans' response timeout (30 s): a loop must not wait that long.
    private static readonly TimeSpan CallPatience = TimeSpan.FromSeconds(5);

    // A failed subscribe (a silo still starting) is tried again soon: the walls wait for the banners meanwhile.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    // What each wall was last sent: the ids of its banners, so an unchanged list is not sent again.
    private readonly Dictionary<string, string> _sent = new(StringComparer.Ordinal);
    // Null until the broadcast grain first answered: a wall told "no banners" before then would take an urgent one down.
    private IReadOnlyList<WallBanner>? _active;
    private ITimer? _nextEnd;

    /// <inheritdoc />
    void IWallObserver.BannersChanged(IReadOnlyList<WallBanner> active) => Take(active);

    /// <inheritdoc />
    void IWallObserver.ReloadOrdered(ReloadOrder order)
    {
        var window = (int)order.Window.TotalMilliseconds;
        foreach (var wall in walls.All().Where(wall => wall.UnitId is { } unitId && organisation.IsWithin(unitId, order.UnitId)))
        {
            _ = SendAsync(wall.ConnectionId, client => client.Reload(Random.Shared.Next(window)));
        }
    }

    /// <summary>
    /// Notes the unit a wall shows now (it subscribed) and sends it that unit's active banners, even when there are none.
    /// All under the lock <see cref="Push"/> takes, sends started too: a wall never gets the same list twice around a
    /// subscribe, nor an older list after a newer one.
    /// </summary>
    public void Showing(string connectionId, string unitId)
    {
        lock (_gate)
        {
            walls.Showing(connectionId, unitId);
            if (_active is null)
            {
                // Sent by the first Push, which finds nothing sent to this wall yet.
                return;
            }

            var banners = BannersOf(_active, unitId, time.GetUtcNow());
            _sent[connectionId] = KeyOf(banners);
            _ = SendAsync(connectionId, client => client.Banners(banners));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IWallObserver>(this);
        try
        {
            await Task.WhenAll(RenewAsync(self, stoppingToken), ReportAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IWallObserver>(self);
            _nextEnd?.Dispose();
        }
    }

    private async Task RenewAsync(IWallObserver self, CancellationToken stoppingToken)
    {
        var broadcast = grains.GetGrain<IWallBroadcastGrain>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Renewal;
            try
            {
                Take(await broadcast.SubscribeAsync(self).WaitAsync(CallPatience, stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSubscribeFailed(exception.Message);
                wait = RetryAfterFailure;
            }

            await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <summary>Reports this node's walls to the roster now: before a list is read, so this node's part of it is current.</summary>
    public Task ReportNowAsync() => grains.GetGrain<IWallRosterGrain>(0).ReportAsync(_node, walls.All()).WaitAsync(CallPatience);

    private async Task ReportAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReportNowAsync().WaitAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReportFailed(exception.Message);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var changed = walls.WaitForChangeAsync(wait.Token);
            await Task.WhenAny(changed, Task.Delay(RosterInterval, time, wait.Token));
            await wait.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
            if (changed.IsCompletedSuccessfully)
            {
                // Forgets what was sent to walls that have gone.
                Push();
            }
        }
    }

    /// <summary>Takes the active banners the broadcast grain told, sends each wall whose list changed, and waits for the next end.</summary>
    private void Take(IReadOnlyList<WallBanner> active)
    {
        lock (_gate)
        {
            _active = active;
        }

        Push();
    }

    private void Push()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var connected = walls.All();
            foreach (var gone in _sent.Keys.Except(connected.Select(wall => wall.ConnectionId)).ToList())
            {
                _sent.Remove(gone);
            }

            if (_active is null)
            {
                return;
            }

            foreach (var wall in connected)
            {
                if (wall.UnitId is not { } unitId)
                {
                    continue;
                }

                var banners = BannersOf(_active, unitId, now);
                var key = KeyOf(banners);
                if (_sent.TryGetValue(wall.ConnectionId, out var sent) && sent == key)
                {
                    continue;
                }

                _sent[wall.ConnectionId] = key;
                _ = SendAsync(wall.ConnectionId, client => client.Banners(banners));
            }

            // The earliest end still to come: the walls' lists change then, with no word from the grain.
            _nextEnd?.Dispose();
            _nextEnd = _active.Where(banner => banner.Until > now).Select(banner => banner.Until).DefaultIfEmpty().Min() is var end && end > now
                ? time.CreateTimer(static operations => ((WallOperations)operations!).Push(), this, end - now, Timeout.InfiniteTimeSpan)
                : null;
        }
    }

    /// <summary>The banners of <paramref name="active"/> that show on a wall of <paramref name="unitId"/> at <paramref name="now"/>.</summary>
    private List<WallBanner> BannersOf(IReadOnlyList<WallBanner> active, string unitId, DateTimeOffset now) =>
        [.. active.Where(banner => banner.Until > now && organisation.IsWithin(unitId, banner.UnitId))];

    private static string KeyOf(List<WallBanner> banners) => string.Join('\n', banners.Select(banner => banner.Id));

    private async Task SendAsync(string connectionId, Func<IDashboardClient, Task> send)
    {
        try
        {
            await send(hub.Clients.Client(connectionId));
        }
        catch (Exception exception)
        {
            LogSendFailed(connectionId, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the walls' banners failed; tried again in 2 s: {Reason}")]
    private partial void LogSubscribeFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting this node's walls to the roster failed: {Reason}")]
    private partial void LogReportFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wall operation could not be sent to connection {ConnectionId}: {Reason}")]
    private partial void LogSendFailed(string connectionId, string reason);
}
