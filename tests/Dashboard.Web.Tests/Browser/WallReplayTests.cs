using System.Globalization;
using Dashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall replaying yesterday (issue 13, section 4) in chromium: the 回放 band with the replayed time, numbers that
/// advance with it, pause, the scrubber, in Chinese and in English, without a hub connection; saved as screenshots.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class WallReplayTests(Chromium chromium, YesterdayDemoServer server, ITestOutputHelper output) : IClassFixture<YesterdayDemoServer>
{
    private const int Visits = YesterdayDemoServer.Visits;

    private static readonly DateOnly Yesterday = YesterdayDemoServer.Yesterday;

    private static readonly float Timeout = (float)WallPage.LoadTimeout.TotalMilliseconds;

    [Theory]
    [InlineData("zh", "", "回放", "暂停", "播放")]
    [InlineData("en", "&lang=en", "Replay", "Pause", "Play")]
    public async Task Yesterday_plays_on_the_wall_with_its_time_pause_and_scrubber(string language, string query, string band, string pause, string play)
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        var hubRequests = 0;
        tab.Page.Request += (_, request) => hubRequests += request.Url.Contains("/hubs/", StringComparison.Ordinal) ? 1 : 0;

        // Opens at midnight, playing.
        await tab.Page.GotoAsync($"/wall/{Reports.District}?replay={Yesterday:yyyy-MM-dd}&speed=600{query}");
        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "replay", new() { Timeout = Timeout });
        await Expect(tab.Page.Locator("body")).ToHaveAttributeAsync("data-unit-id", Reports.District, new() { Timeout = Timeout });
        await Expect(tab.Page.Locator(".replay-label")).ToHaveTextAsync(band);
        await Expect(tab.Page.Locator("#replay-time")).ToContainTextAsync($"{Yesterday:yyyy-MM-dd} 0");
        await Expect(tab.Page.Locator("#replay-play")).ToHaveTextAsync(pause);
        Assert.Equal(0, await WallPage.TileAsync(tab.Page, "visits"));

        // The scrubber jumps to 08:58; the numbers then advance with the replayed time, at ten minutes a second.
        await tab.Page.Locator("#replay-scrubber").FillAsync(Minute(8, 58));
        await Expect(tab.Page.Locator("[data-tile='visits']")).Not.ToHaveAttributeAsync("data-value", "0", new() { Timeout = Timeout });
        await WallPage.TileBecomesAsync(tab.Page, "visits", Visits, WallPage.LoadTimeout);
        await Expect(tab.Page.Locator("#feed li")).ToHaveCountAsync(Visits + 1);

        // Pause (the space key): the replayed time and the numbers stop.
        await tab.Page.Keyboard.PressAsync("Space");
        await Expect(tab.Page.Locator("#replay-play")).ToHaveTextAsync(play);
        var stoppedAt = await tab.Page.Locator("#replay-time").TextContentAsync();
        // Asserting that nothing moves needs time to pass: a second is 5 ticks, 10 replayed minutes at this speed.
        await tab.Page.WaitForTimeoutAsync(1000);
        Assert.Equal(stoppedAt, await tab.Page.Locator("#replay-time").TextContentAsync());

        // The scrubber jumps while paused, back and forth.
        await tab.Page.Locator("#replay-scrubber").FillAsync(Minute(9, 32));
        await Expect(tab.Page.Locator("#replay-time")).ToHaveTextAsync($"{Yesterday:yyyy-MM-dd} 09:32");
        await WallPage.TileBecomesAsync(tab.Page, "visits", 7, WallPage.LoadTimeout);
        await Expect(tab.Page.Locator("[data-tile='openCases']")).ToHaveAttributeAsync("data-value", "1");
        await Expect(tab.Page.Locator("#feed li")).ToHaveCountAsync(8);
        await tab.ScreenshotAsync($"district-0932-{language}");
        await tab.Page.Locator("#replay-scrubber").FillAsync(Minute(0, 0));
        await WallPage.TileBecomesAsync(tab.Page, "visits", 0, WallPage.LoadTimeout);
        await Expect(tab.Page.Locator("#feed li")).ToHaveCountAsync(0);

        Assert.Equal(0, hubRequests);
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task A_day_the_log_has_no_event_times_of_says_so_on_the_wall()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);

        await tab.Page.GotoAsync($"/wall/{Reports.District}?replay=2020-01-01");

        await Expect(tab.Page.Locator("#message-text")).ToContainTextAsync("2020-01-01 的日志没有记录事件发生时间", new() { Timeout = Timeout });
        await Expect(tab.Page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("replay-unrecorded"));
        await Expect(tab.Page.Locator("#replay-play")).ToHaveTextAsync("播放");
        Assert.Empty(tab.UncaughtErrors);
    }

    private static string Minute(int hour, int minute) => ((hour * 60) + minute).ToString(CultureInfo.InvariantCulture);
}

/// <summary>The demo with the simulator off and a morning of yesterday written: a visit every five minutes from 09:00 to 09:55 in a grid of 黄岛街道, and a case at 09:30.</summary>
public sealed class YesterdayDemoServer : DemoServer, IAsyncLifetime
{
    public const int Visits = 12;

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static DateOnly Yesterday { get; } = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Shanghai).DateTime).AddDays(-1);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await StartAsync();
        for (var i = 0; i < Visits; i++)
        {
            await Client.PostVisitAtAsync(At(9, 5 * i));
        }

        await Client.PostCaseAsync("楼道堆放杂物", At(9, 30), At(9, 30).AddDays(3));
    }

    private static DateTimeOffset At(int hour, int minute) => new(Yesterday.ToDateTime(new TimeOnly(hour, minute)), Shanghai);
}
