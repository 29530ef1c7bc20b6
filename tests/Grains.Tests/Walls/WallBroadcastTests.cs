using Grains.Interfaces;
using Grains.Storage;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Storage;

namespace Grains.Tests.Walls;

/// <summary>Issue 13, section 3: banners stored in the log, shown while they last, withdrawn; the roster of walls.</summary>
public sealed class WallBroadcastTests
{
    [Fact]
    public async Task A_sent_banner_is_stored_in_the_walls_stream_and_listed_as_active()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var walls = host.Grains.GetGrain<IWallBroadcastGrain>(0);

        // Act
        var result = await walls.SendBannerAsync(Banner("b1", clock, TimeSpan.FromHours(1)));

        // Assert
        Assert.Equal(WriteOutcome.Accepted, result.Outcome);
        Assert.Equal(["b1"], (await walls.ActiveBannersAsync()).Select(banner => banner.Id));
        var stored = await host.Log.ReadStreamAsync(LogPayloads.WallsStream);
        Assert.Equal([(LogPayloads.WallBannerType, "b1")], stored.Entries.Select(entry => (entry.Type, entry.Id)));
    }

    [Fact]
    public async Task A_repeat_with_the_same_content_is_a_duplicate_and_other_content_under_its_id_a_conflict()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var walls = host.Grains.GetGrain<IWallBroadcastGrain>(0);
        var banner = Banner("b1", clock, TimeSpan.FromHours(1));
        await walls.SendBannerAsync(banner);
        clock.Advance(TimeSpan.FromSeconds(5));

        // Act: the same banner sent again a moment later, then another text under its id.
        var repeat = await walls.SendBannerAsync(banner with { At = clock.GetUtcNow() });
        var other = await walls.SendBannerAsync(banner with { Text = "另一条通知" });

        // Assert
        Assert.Equal(WriteOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(WriteOutcome.Conflict, other.Outcome);
        Assert.Equal("id", other.Field);
        Assert.Equal([banner.Text], (await walls.ActiveBannersAsync()).Select(active => active.Text));
        Assert.Single((await host.Log.ReadStreamAsync(LogPayloads.WallsStream)).Entries);
    }

    [Fact]
    public async Task A_banner_stops_being_active_at_its_end()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var walls = host.Grains.GetGrain<IWallBroadcastGrain>(0);
        await walls.SendBannerAsync(Banner("short", clock, TimeSpan.FromMinutes(10)));
        await walls.SendBannerAsync(Banner("long", clock, TimeSpan.FromMinutes(20)));

        // Act
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var before = await walls.ActiveBannersAsync();
        clock.Advance(TimeSpan.FromTicks(1));
        var at = await walls.ActiveBannersAsync();

        // Assert
        Assert.Equal(["long", "short"], before.Select(banner => banner.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["long"], at.Select(banner => banner.Id));
    }

    [Fact]
    public async Task A_banner_outlives_the_deactivation_of_the_grain_and_a_withdrawal_too()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var walls = host.Grains.GetGrain<IWallBroadcastGrain>(0);
        var kept = Banner("kept", clock, TimeSpan.FromHours(1));
        await walls.SendBannerAsync(kept);
        await walls.SendBannerAsync(Banner("withdrawn", clock, TimeSpan.FromHours(1)));
        await walls.WithdrawBannerAsync(new BannerWithdrawal("withdrawn", "admin", clock.GetUtcNow()));

        // Act
        await host.DeactivateAsync(walls.GetGrainId());
        var active = await walls.ActiveBannersAsync();

        // Assert: read back from the log, whole; and its id still answers a repeat.
        Assert.Equal([kept], active);
        Assert.Equal(WriteOutcome.Duplicate, (await walls.SendBannerAsync(kept)).Outcome);
        Assert.Equal(WriteOutcome.Duplicate, (await walls.WithdrawBannerAsync(new BannerWithdrawal("withdrawn", "admin", clock.GetUtcNow()))).Outcome);
    }

    [Fact]
    public async Task A_withdrawal_takes_the_banner_off_once_and_an_unknown_banner_is_not_found()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var walls = host.Grains.GetGrain<IWallBroadcastGrain>(0);
        await walls.SendBannerAsync(Banner("b1", clock, TimeSpan.FromHours(1)));

        // Act
        var first = await walls.WithdrawBannerAsync(new BannerWithdrawal("b1", "admin", clock.GetUtcNow()));
        var again = await walls.WithdrawBannerAsync(new BannerWithdrawal("b1", "admin", clock.GetUtcNow()));
        var unknown = await walls.WithdrawBannerAsync(new BannerWithdrawal("nowhere", "admin", clock.GetUtcNow()));

        // Assert
        Assert.Equal(WriteOutcome.Accepted, first.Outcome);
        Assert.Equal(WriteOutcome.Duplicate, again.Outcome);
        Assert.Equal(WriteOutcome.NotFound, unknown.Outcome);
        Assert.Empty(await walls.ActiveBannersAsync());
        Assert.Equal(
            [LogPayloads.WallBannerType, LogPayloads.BannerWithdrawalType],
            (await host.Log.ReadStreamAsync(LogPayloads.WallsStream)).Entries.Select(entry => entry.Type));
    }

    [Fact]
    public async Task The_roster_merges_the_nodes_reports_and_drops_a_node_not_heard_from_for_30_seconds()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var roster = host.Grains.GetGrain<IWallRosterGrain>(0);
        var since = clock.GetUtcNow();
        await roster.ReportAsync("node-a", [Wall("a1", since), Wall("a2", since.AddSeconds(1))]);
        await roster.ReportAsync("node-b", [Wall("b1", since.AddSeconds(2))]);

        // Act: node b goes on reporting, node a falls silent.
        clock.Advance(TimeSpan.FromSeconds(20));
        await roster.ReportAsync("node-b", [Wall("b1", since.AddSeconds(2))]);
        var within = await roster.ListAsync();
        clock.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1));
        var after = await roster.ListAsync();

        // Assert
        Assert.Equal(["a1", "a2", "b1"], within.Select(wall => wall.ConnectionId));
        Assert.Equal(["b1"], after.Select(wall => wall.ConnectionId));
    }

    private static WallBanner Banner(string id, FakeTimeProvider clock, TimeSpan life) =>
        new(id, "s1", "今晚 20:00 起系统升级，大屏将短暂重启。", BannerLevel.Notice, clock.GetUtcNow() + life, "admin", clock.GetUtcNow());

    private static ConnectedWall Wall(string connectionId, DateTimeOffset since) =>
        new(connectionId, "display-" + connectionId, "c1", since, null, since);
}
