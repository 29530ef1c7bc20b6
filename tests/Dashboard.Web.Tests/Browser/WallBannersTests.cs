using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Wall operations (issue 13, section 3) in chromium against the demo on a real clock: banners on a wall, in Chinese
/// and English, coming down at their end; and the operations page <c>/walls</c> as an administrator uses it.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class WallBannersTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("zh", "紧急", "通知")]
    [InlineData("en", "Urgent", "Notice")]
    public async Task Banners_show_on_the_wall_of_a_unit_below_their_unit_urgent_first_and_come_down_at_their_end(
        string language, string urgentLabel, string noticeLabel)
    {
        // Arrange: a wall of the street, in the language asked for.
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, $"/wall/{Reports.Street}" + (language == "en" ? "?lang=en" : ""), Reports.Street);
        var notice = Api.UniqueId("notice");
        var urgent = Api.UniqueId("urgent");

        // Act: a notice to the district for a few seconds, then an urgent one to the street.
        await SendAsync(notice, Reports.District, "notice", "今晚 20:00 起系统升级，大屏将短暂重启，请勿关闭电源。", TimeSpan.FromSeconds(12));
        await SendAsync(urgent, Reports.Street, "urgent", "黄岛街道：台风蓝色预警，请各网格员立即开展隐患排查。", TimeSpan.FromHours(1));

        // Assert: the newest first, each with its level's label; the notice comes down at its end.
        var banners = tab.Page.Locator("#banners .banner");
        await Expect(banners).ToHaveCountAsync(2, new() { Timeout = Milliseconds(Arrival) });
        await Expect(banners.Nth(0)).ToHaveAttributeAsync("data-banner", urgent);
        await Expect(banners.Nth(0).Locator(".banner-level")).ToHaveTextAsync(urgentLabel);
        await Expect(banners.Nth(1).Locator(".banner-level")).ToHaveTextAsync(noticeLabel);
        await tab.ScreenshotAsync(language);
        await Expect(tab.Page.Locator($"#banners [data-banner='{notice}']")).ToHaveCountAsync(0, new() { Timeout = Milliseconds(TimeSpan.FromSeconds(20)) });
        await Expect(banners).ToHaveCountAsync(1);
        using var withdrawn = await server.Client.DeleteAsync($"/api/walls/banners/{urgent}");
        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        await Expect(tab.Page.Locator("#banners")).ToBeHiddenAsync(new() { Timeout = Milliseconds(Arrival) });
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task A_wall_cut_off_from_its_server_takes_a_banner_down_at_its_end_by_itself()
    {
        // Arrange: a banner on the district's wall, then the server gone (the wall says so).
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);
        var id = Api.UniqueId("cut-off");
        await SendAsync(id, Reports.District, "notice", "本横幅 15 秒后结束。", TimeSpan.FromSeconds(15));
        var banner = tab.Page.Locator($"#banners [data-banner='{id}']");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = Milliseconds(Arrival) });

        // Act
        await server.KillAsync();
        try
        {
            await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = Milliseconds(Arrival) });

            // Assert: no word from the server can reach it, and still the banner comes down.
            await Expect(banner).ToHaveCountAsync(0, new() { Timeout = Milliseconds(TimeSpan.FromSeconds(25)) });
            await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");
        }
        finally
        {
            await server.StartAsync();
        }
    }

    [Fact]
    public async Task An_administrator_sees_a_connected_wall_on_the_operations_page_and_sends_it_a_banner()
    {
        // Arrange: a district wall, and an administrator on /walls reached from /admin.
        await using var wall = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(wall.Page, server);
        await WallPage.OpenAsync(wall.Page, "/", Reports.District);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());
        await tab.Page.GotoAsync("/admin");
        await tab.Page.Locator("#walls-link").ClickAsync();
        var row = tab.Page.Locator($"#walls-body tr[data-account='{Identities.DistrictDisplay}']").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "online", new() { Timeout = Milliseconds(Arrival) });

        // Act
        await tab.Page.Locator("#banner-unit").SelectOptionAsync(Reports.District);
        await tab.Page.Locator("#banner-level").SelectOptionAsync("urgent");
        await tab.Page.Locator("#banner-text").FillAsync("全区：今日 18:00 召开网格化治理调度会。");
        await tab.Page.Locator("#banner-form button[type=submit]").ClickAsync();

        // Assert
        await Expect(tab.Page.Locator("#active-body tr[data-banner]")).ToHaveCountAsync(1, new() { Timeout = Milliseconds(Arrival) });
        await Expect(wall.Page.Locator("#banners .banner[data-level='urgent']")).ToHaveTextAsync("紧急全区：今日 18:00 召开网格化治理调度会。", new() { Timeout = Milliseconds(Arrival) });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("青岛西海岸新区");
        await tab.ScreenshotAsync("walls");
        await tab.Page.Locator("#active-body tr[data-banner] button").ClickAsync();
        await Expect(tab.Page.Locator("#active-body tr[data-banner]")).ToHaveCountAsync(0);
        await Expect(wall.Page.Locator("#banners")).ToBeHiddenAsync(new() { Timeout = Milliseconds(Arrival) });
        Assert.Empty(tab.UncaughtErrors);
        Assert.Empty(wall.UncaughtErrors);
    }

    [Fact]
    public async Task A_wall_that_stops_its_heartbeats_is_marked_silent_on_the_operations_page()
    {
        // Arrange: a wall that subscribes and then says nothing more (a .NET client sends no heartbeat unless told to).
        await using var quiet = await HubTestClient.ConnectAsync(server.Address, server.AdminToken);
        await quiet.InvokeAsync("Subscribe", Reports.Street);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());

        // Act
        await tab.Page.GotoAsync("/walls");

        // Assert: 失联 once Walls:SilentAfterSeconds (20) pass without a heartbeat; the page lists again every 5 s.
        var silent = tab.Page.Locator("#walls-body tr[data-status='silent']");
        await Expect(silent).ToHaveCountAsync(1, new() { Timeout = Milliseconds(TimeSpan.FromSeconds(40)) });
        await Expect(silent.Locator("td.status")).ToHaveTextAsync("失联");
        await Expect(silent.Locator("td").Nth(1)).ToHaveTextAsync("黄岛街道");
        await Expect(tab.Page.Locator("#walls-summary")).ToContainTextAsync("失联 1 块");
        await tab.ScreenshotAsync("silent");
        await tab.Page.GotoAsync("/walls?lang=en");
        await Expect(tab.Page.Locator("#walls-body tr[data-status='silent'] td.status")).ToHaveTextAsync("Silent", new() { Timeout = Milliseconds(Arrival) });
        await tab.ScreenshotAsync("en");
        Assert.Empty(tab.UncaughtErrors);
    }

    private async Task SendAsync(string id, string unitId, string level, string text, TimeSpan life)
    {
        using var response = await server.Client.PostJsonAsync("/api/walls/banners", new JsonObject
        {
            ["id"] = id,
            ["unitId"] = unitId,
            ["text"] = text,
            ["level"] = level,
            ["until"] = Api.Time(DateTimeOffset.UtcNow + life),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
