using Orleans;
using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// What the cluster tells its walls (one grain, key 0): banners, their withdrawals and reload orders. Banners and
/// withdrawals are stored in the log (stream <c>walls</c>) and read back when the grain activates, so a banner outlives
/// a restart while it lasts; reload orders are passed on and forgotten. Web nodes subscribe an observer and pass what
/// they hear to their walls; a subscription lasts a minute unless renewed.
/// </summary>
public interface IWallBroadcastGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes (or renews) <paramref name="node"/>, and answers the active banners, newest first.</summary>
    Task<IReadOnlyList<WallBanner>> SubscribeAsync(IWallObserver node);

    /// <summary>
    /// Stores and shows a banner: Accepted; Duplicate for a repeat of its id with the same content (<see
    /// cref="WallBanner.SameContentAs"/>); Conflict when the id is taken by another banner.
    /// </summary>
    Task<WriteResult> SendBannerAsync(WallBanner banner);

    /// <summary>Stores a withdrawal and takes the banner off the walls: Accepted; Duplicate when already withdrawn; NotFound for an unknown banner.</summary>
    Task<WriteResult> WithdrawBannerAsync(BannerWithdrawal withdrawal);

    /// <summary>The banner of that id, active, expired or withdrawn; null when there is none.</summary>
    Task<WallBanner?> FindBannerAsync(string bannerId);

    /// <summary>The banners that show now (not past their end, not withdrawn), newest first.</summary>
    Task<IReadOnlyList<WallBanner>> ActiveBannersAsync();

    /// <summary>
    /// Passes a reload order to every web node: Accepted; Duplicate for a repeat of a recent order's id with the same
    /// content; Conflict when a recent order has the id with another content.
    /// </summary>
    Task<WriteResult> ReloadAsync(ReloadOrder order);
}

/// <summary>A web node, as it hears what the walls are told.</summary>
public interface IWallObserver : IGrainObserver
{
    /// <summary>The active banners after a change, newest first: the whole list, so a repeat changes nothing.</summary>
    [OneWay]
    void BannersChanged(IReadOnlyList<WallBanner> active);

    /// <summary>A reload order for the walls of a subtree.</summary>
    [OneWay]
    void ReloadOrdered(ReloadOrder order);
}
