using Dashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// A wall on a web node of a cluster (issue 11) while that node is restarted: the other node and the silo go on, and
/// the wall comes back by the JavaScript client's own reconnect, with the numbers and the activity written meanwhile
/// elsewhere.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class ClusterWallTests(Chromium chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Display = "display-t-d";

    /// <summary>Covers the page's reconnect backoff between retries as well as the node's restart.</summary>
    private static readonly TimeSpan ReconnectLimit = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan OfflineLimit = TimeSpan.FromSeconds(15);

    /// <summary>A write through one node reaches a wall on another: spec 8's push latency, with room for a loaded machine.</summary>
    private static readonly TimeSpan LiveUpdateLimit = TimeSpan.FromSeconds(5);

    private ClusterProcesses _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterProcesses.StartAsync();

    [Fact]
    public async Task A_wall_on_a_restarted_web_node_reconnects_by_itself_and_redraws_what_was_written_through_the_other_node()
    {
        await _cluster.StartSiloAsync();
        var address = AppProcess.FreeAddress();
        var restarted = await _cluster.StartWebAsync(address);
        var other = await _cluster.StartWebAsync();
        await other.Client.CreateDisplayAsync(Display, TestOrganisation.District);
        await other.Client.PostVisitsAsync(2, "t-g1", "t-w1");
        var (_, link) = await restarted.Client.IssueDisplayLinkAsync(Display);
        await using var tab = await BrowserTab.OpenAsync(chromium, address, output);
        await tab.Page.GotoAsync(link.ToString());
        await WallPage.OpenAsync(tab.Page, "/", TestOrganisation.District);
        await WallPage.TileBecomesAsync(tab.Page, "visits", 2, LiveUpdateLimit);

        await _cluster.KillWebAsync(restarted);
        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = Milliseconds(OfflineLimit) });
        await other.Client.PostVisitsAsync(3, "t-g3", "t-w4");
        await tab.ScreenshotAsync("offline");
        restarted = await _cluster.StartWebAsync(address);

        // The page is not reloaded: the client reconnects, subscribes again and draws the fresh snapshot.
        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = Milliseconds(ReconnectLimit) });
        await WallPage.TileBecomesAsync(tab.Page, "visits", 5, LiveUpdateLimit);
        // The feed refills from the restarted node, which read the newest activity from the log as it started.
        await Expect(tab.Page.Locator("#feed .feed-worker", new() { HasText = "赵六" })).ToHaveCountAsync(3);
        await other.Client.PostVisitsAsync(1, "t-g4", "t-w5");
        await WallPage.TileBecomesAsync(tab.Page, "visits", 6, LiveUpdateLimit);
        await Expect(tab.Page.Locator("#feed li")).ToHaveCountAsync(6);
        Assert.Equal(6, await restarted.Client.CountAsync(TestOrganisation.District, "total", "visits"));
        Assert.Empty(tab.UncaughtErrors);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
