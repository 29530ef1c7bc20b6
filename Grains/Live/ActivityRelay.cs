using Grains.Interfaces;
using Grains.Units;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grains.Live;

/// <summary>
/// A cluster's web node's end of the live activity feed (<see cref="IActivityRelayGrain"/>): it passes what this
/// node's <see cref="ActivityFeed"/> publishes to the relay, the items gathered while the call before was out in the
/// next (<see cref="GroupedCalls{T}"/>), and feeds what the other nodes published into the local feed. It subscribes
/// at start and renews every <see cref="Renewal"/>, which also finds the relay again after its silo died. Items
/// published while the relay cannot be reached are dropped: a feed shows what happens now, and no count depends on it.
/// </summary>
public sealed partial class ActivityRelay(ActivityFeed feed, IGrainFactory grains, ILogger<ActivityRelay> logger)
    : BackgroundService, IActivityObserver, GroupedCalls<ActivityItem>.ITarget
{
    /// <summary>How often the subscription is renewed: well within its expiry.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(5);

    // Both made once the client is connected: a client knows the grain classes from the cluster's manifest.
    private IActivityRelayGrain _relay = null!;
    private IActivityObserver _self = null!;

    /// <inheritdoc />
    void IActivityObserver.Received(IReadOnlyList<ActivityItem> items) => feed.Receive(items);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _relay = grains.GetGrain<IActivityRelayGrain>(0);
        _self = grains.CreateObjectReference<IActivityObserver>(this);
        var outgoing = feed.StartRelaying();
        var calls = new GroupedCalls<ActivityItem>(this);
        try
        {
            var renewal = RenewAsync(stoppingToken);
            while (await outgoing.WaitToReadAsync(stoppingToken))
            {
                var items = new List<ActivityItem>();
                while (outgoing.TryRead(out var item))
                {
                    items.Add(item);
                }

                // Not awaited: items published meanwhile go together in the next call.
                _ = calls.SendAsync(items);
            }

            await renewal;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IActivityObserver>(_self);
        }
    }

    async Task GroupedCalls<ActivityItem>.ITarget.CallAsync(IReadOnlyList<ActivityItem> items)
    {
        try
        {
            // The relay's silo may have died: Orleans answers after its response timeout (30 s), the feed must not wait that long.
            await _relay.PublishAsync(_self, items).WaitAsync(Renewal);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRelayFailed(items.Count, exception.Message);
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _relay.SubscribeAsync(_self).WaitAsync(Renewal, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSubscribeFailed(exception.Message);
            }

            await Task.Delay(Renewal, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Items} feed items could not be passed to the other web nodes: {Reason}")]
    private partial void LogRelayFailed(int items, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the other web nodes' feed failed: {Reason}")]
    private partial void LogSubscribeFailed(string reason);
}
