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

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
