using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall's connection state while its server is down and after it returns (issue 3, section 5): the display link's
/// cookie outlives the restart (issue 5).
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class ConnectionStateTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    /// <summary>Covers the page's reconnect backoff between retries as well as the restart itself.</summary>
    private static readonly TimeSpan ReconnectLimit = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan OfflineLimit = TimeSpan.FromSeconds(15);

    /// <summary>The wall's 20 s without its server, and the server's death noticed.</summary>
    private static readonly TimeSpan StaleLimit = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan LiveUpdateLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_wall_shows_offline_while_the_server_is_down_and_online_with_right_numbers_after_it_returns()
    {
        await server.Client.PostVisitsAsync(2);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);
        Assert.Equal(2, await WallPage.TileAsync(tab.Page, "visits"));

        await server.KillAsync();

        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = Milliseconds(OfflineLimit) });
        await Expect(tab.Page.Locator("#connection")).ToHaveTextAsync("离线·重连中");
        await tab.ScreenshotAsync("offline");

        await server.StartAsync();

        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = Milliseconds(ReconnectLimit) });
        await Expect(tab.Page.Locator("#connection")).ToHaveTextAsync("在线");
        await WallPage.TileBecomesAsync(tab.Page, "visits", await server.Client.VisitsTodayAsync(), LiveUpdateLimit);

        await server.Client.PostVisitsAsync(1);

        await WallPage.TileBecomesAsync(tab.Page, "visits", 3, LiveUpdateLimit);
        Assert.Equal(3, await server.Client.VisitsTodayAsync());
    }

    [Fact]
    public async Task A_rotating_wall_cut_off_from_its_server_keeps_one_units_name_over_its_numbers_and_says_they_have_stopped()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await tab.Page.GotoAsync($"/wall/{Reports.District}?rotate=5");
        var body = tab.Page.Locator("body");
        var current = tab.Page.Locator("#breadcrumb [aria-current=page]");
        // A street of the district's, drawn (the attribute is set when a snapshot is drawn).
        await Expect(body).ToHaveAttributeAsync(
            "data-unit-id", new Regex($"^(?!{Reports.District}$).+$"), new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online");
        var shown = await body.GetAttributeAsync("data-unit-id");
        await Expect(current).ToHaveAttributeAsync("data-unit-id", shown!);
        var name = await tab.Page.Locator("#unit-name").TextContentAsync();

        await server.KillAsync();

        // Stale after 20 s cut off: four rotation periods, in which the rotation waits on the unit it shows.
        await Expect(tab.Page.Locator("#stale")).ToBeVisibleAsync(new() { Timeout = Milliseconds(StaleLimit) });
        await Expect(tab.Page.Locator("#stale")).ToContainTextAsync("数据已停止更新");
        Assert.Equal(shown, await body.GetAttributeAsync("data-unit-id"));
        Assert.Equal(shown, await current.GetAttributeAsync("data-unit-id"));
        Assert.Equal(name, await tab.Page.Locator("#unit-name").TextContentAsync());
        await tab.ScreenshotAsync("stale");

        await server.StartAsync();

        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = Milliseconds(ReconnectLimit) });
        await Expect(tab.Page.Locator("#stale")).ToBeHiddenAsync(new() { Timeout = Milliseconds(LiveUpdateLimit) });
        // And the rotation goes on.
        await Expect(body).Not.ToHaveAttributeAsync("data-unit-id", shown!, new() { Timeout = Milliseconds(ReconnectLimit) });
    }

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
