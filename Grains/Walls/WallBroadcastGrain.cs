using Grains.Interfaces;
using Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using Storage;

namespace Grains.Walls;

/// <summary>
/// The cluster's <see cref="IWallBroadcastGrain"/>: every banner ever sent and the withdrawn ones, read from the
/// stream <c>walls</c> when it activates, and an observer list of the web nodes. A banner past its end simply stops
/// being active: each web node and each wall takes it down at its end by their own clocks.
/// </summary>
internal sealed class WallBroadcastGrain(IEventLog log, TimeProvider time, ILogger<WallBroadcastGrain> logger) : Grain, IWallBroadcastGrain
{
    /// <summary>How long a node's subscription lasts without a renewal.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(1);

    /// <summary>How many reload orders are remembered to answer repeats.</summary>
    public const int RememberedReloads = 100;

    private readonly ObserverManager<IWallObserver> _nodes = new(Expiration, logger);
    private readonly Dictionary<string, WallBanner> _banners = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withdrawn = new(StringComparer.Ordinal);
    private readonly Queue<ReloadOrder> _reloads = new();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = await log.ReadStreamAsync(LogPayloads.WallsStream, cancellationToken: cancellationToken);
        foreach (var entry in stream.Entries)
        {
            if (entry.Type == LogPayloads.WallBannerType)
            {
                var banner = LogPayloads.ReadWallBanner(entry.Payload);
                _banners[banner.Id] = banner;
            }
            else if (entry.Type == LogPayloads.BannerWithdrawalType)
            {
                _withdrawn.Add(entry.Id);
            }
        }
    }

    public Task<IReadOnlyList<WallBanner>> SubscribeAsync(IWallObserver node)
    {
        _nodes.Subscribe(node, node);
        return Task.FromResult(Active());
    }

    public async Task<WriteResult> SendBannerAsync(WallBanner banner)
    {
        if (_banners.TryGetValue(banner.Id, out var held))
        {
            return held.SameContentAs(banner)
                ? new WriteResult(WriteOutcome.Duplicate)
                : new WriteResult(WriteOutcome.Conflict, "id", "该横幅编号已被其他内容使用。");
        }

        var stored = await AppendAsync(LogPayloads.ToEntry(banner));
        if (stored.Outcome == WriteOutcome.Accepted)
        {
            _banners[banner.Id] = banner;
            Notify();
        }

        return stored;
    }

    public async Task<WriteResult> WithdrawBannerAsync(BannerWithdrawal withdrawal)
    {
        if (!_banners.ContainsKey(withdrawal.BannerId))
        {
            return new WriteResult(WriteOutcome.NotFound, "id", "横幅不存在。");
        }

        if (_withdrawn.Contains(withdrawal.BannerId))
        {
            return new WriteResult(WriteOutcome.Duplicate);
        }

        var stored = await AppendAsync(LogPayloads.ToEntry(withdrawal));
        if (stored.Outcome == WriteOutcome.Accepted)
        {
            _withdrawn.Add(withdrawal.BannerId);
            Notify();
        }

        return stored;
    }

    public Task<WallBanner?> FindBannerAsync(string bannerId) => Task.FromResult(_banners.GetValueOrDefault(bannerId));

    public Task<IReadOnlyList<WallBanner>> ActiveBannersAsync() => Task.FromResult(Active());

    public Task<WriteResult> ReloadAsync(ReloadOrder order)
    {
        if (_reloads.FirstOrDefault(held => held.Id == order.Id) is { } held)
        {
            return Task.FromResult(held.SameContentAs(order)
                ? new WriteResult(WriteOutcome.Duplicate)
                : new WriteResult(WriteOutcome.Conflict, "id", "该重新加载编号已被其他内容使用。"));
        }

        if (_reloads.Count == RememberedReloads)
        {
            _reloads.Dequeue();
        }

        _reloads.Enqueue(order);
        _nodes.Notify(node => node.ReloadOrdered(order));
        return Task.FromResult(new WriteResult(WriteOutcome.Accepted));
    }

    private IReadOnlyList<WallBanner> Active()
    {
        var now = time.GetUtcNow();
        return [.. _banners.Values.Where(banner => banner.Until > now && !_withdrawn.Contains(banner.Id)).OrderByDescending(banner => banner.At)];
    }

    private void Notify()
    {
        var active = Active();
        _nodes.Notify(node => node.BannersChanged(active));
    }

    private async Task<WriteResult> AppendAsync(LogEntry entry)
    {
        var results = await log.AppendAsync([entry]);
        return results[0].Status switch
        {
            AppendStatus.Appended => new WriteResult(WriteOutcome.Accepted),
            AppendStatus.Duplicate => new WriteResult(WriteOutcome.Duplicate),
            _ => new WriteResult(WriteOutcome.Conflict, "id", "该编号已被其他内容使用。"),
        };
    }
}
