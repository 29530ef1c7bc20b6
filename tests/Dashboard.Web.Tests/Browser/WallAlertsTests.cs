using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall's alerts (issue 12, section 4) in chromium against the demo organisation on a real clock: a case turning
/// overdue highlights the 超期事件 tile once and enters the 督办 strip; a report surge marks the unit in the ranking and
/// is told once in the feed.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class WallAlertsTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    /// <summary>The deadline, the wake schedule's tick (1 s), the push interval, and slack for a loaded machine.</summary>
    private static readonly TimeSpan AlertLimit = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan LiveUpdateLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_case_turning_overdue_highlights_the_overdue_tile_once_and_enters_the_urge_strip()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);
        var tile = tab.Page.Locator("[data-tile='overdueCases']");
        var caseId = Api.UniqueId("browser-late");

        await PostCaseDueInAsync(caseId, TimeSpan.FromSeconds(4));

        var entry = tab.Page.Locator($"#urge-list li[data-case-id='{caseId}']");
        await Expect(entry).ToBeVisibleAsync(new() { Timeout = Milliseconds(AlertLimit) });
        await Expect(tile).ToHaveClassAsync(new Regex(@"\balerting\b"));
        await Expect(tile).ToHaveAttributeAsync("data-alerts", "1");
        await Expect(entry.Locator(".urge-category")).ToHaveTextAsync("环境卫生");
        await Expect(entry.Locator(".urge-where")).ToHaveTextAsync("黄岛街道 · 黄岛街道第一社区 · 第一网格");
        await Expect(entry.Locator(".urge-late")).ToHaveTextAsync(new Regex(@"^超期 \d+分钟$"));
        await Expect(tab.Page.Locator("#urge-empty")).ToBeHiddenAsync();
        await tab.ScreenshotAsync("highlighted");

        // The highlight stops by itself after a few seconds.
        await Expect(tile).Not.ToHaveClassAsync(new Regex(@"\balerting\b"), new() { Timeout = Milliseconds(AlertLimit) });

        // Neither a later push nor coming back to the unit tells the case again.
        var visits = await WallPage.TileAsync(tab.Page, "visits");
        await server.Client.PostVisitsAsync(1);
        await WallPage.TileBecomesAsync(tab.Page, "visits", visits + 1, LiveUpdateLimit);
        await tab.Page.Locator($"#ranking [data-unit-id='{Reports.Street}']").ClickAsync();
        await WallPage.ShowsAsync(tab.Page, Reports.Street);
        await Expect(entry).ToBeVisibleAsync();
        await Expect(entry.Locator(".urge-where")).ToHaveTextAsync("黄岛街道第一社区 · 第一网格");
        await tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.District}']").ClickAsync();
        await WallPage.ShowsAsync(tab.Page, Reports.District);
        await Expect(entry).ToBeVisibleAsync();
        Assert.Equal("1", await tile.GetAttributeAsync("data-alerts"));
        Assert.DoesNotMatch(@"\balerting\b", await tile.GetAttributeAsync("class") ?? "");
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task A_report_surge_marks_the_street_in_the_ranking_and_is_told_once_in_the_feed()
    {
        await Api.AwayFromTheHoursEndAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);
        var (grid, worker) = ("changjianglu-c01-g1", await WorkerOfAsync("changjianglu-c01-g1"));

        // A new log has no four weeks behind it: ten reports this hour are a surge over an average of 0.
        await PostVisitsNowAsync(grid, worker, 10);

        var row = tab.Page.Locator("#ranking li").Filter(new() { Has = tab.Page.Locator("[data-unit-id='changjianglu']") });
        await Expect(row).ToHaveAttributeAsync("data-surge", "true", new() { Timeout = Milliseconds(AlertLimit) });
        await Expect(row.Locator(".rank-surge")).ToBeVisibleAsync();
        await Expect(row.Locator(".rank-surge")).ToHaveTextAsync("激增");
        await Expect(row.Locator(".rank-surge")).ToHaveAttributeAsync("title", "本小时上报 10 件，四周同时段均值 0 件");
        var told = tab.Page.Locator("#feed li[data-kind='surge']").Filter(new() { HasText = "长江路街道" });
        await Expect(told).ToHaveCountAsync(1);
        await Expect(told.Locator(".feed-alert")).ToHaveTextAsync("长江路街道 本小时上报激增 10 件（四周同时段均值 0）");
        var quietStreet = tab.Page.Locator("#ranking li").Filter(new() { Has = tab.Page.Locator($"[data-unit-id='{Reports.Street}']") });
        await Expect(quietStreet).Not.ToHaveAttributeAsync("data-surge", "true");
        await tab.ScreenshotAsync("surge");

        // The surge goes on with the next report: the ranking follows it, the feed does not tell it again.
        await PostVisitsNowAsync(grid, worker, 1);

        await Expect(row.Locator(".rank-surge")).ToHaveAttributeAsync("title", "本小时上报 11 件，四周同时段均值 0 件", new() { Timeout = Milliseconds(LiveUpdateLimit) });
        await Expect(told).ToHaveCountAsync(1);
        Assert.Empty(tab.UncaughtErrors);
    }

    /// <summary>A case in <see cref="Reports.Grid"/> reported ten minutes ago, due <paramref name="dueIn"/> from now.</summary>
    private async Task PostCaseDueInAsync(string caseId, TimeSpan dueIn)
    {
        var body = Api.Case(caseId, Reports.Grid, Reports.Worker);
        body["deadline"] = Api.Time(DateTimeOffset.UtcNow + dueIn);
        using var response = await server.Client.PostJsonAsync("/api/cases", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task PostVisitsNowAsync(string grid, string worker, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await server.Client.PostJsonAsync("/api/reports", Api.VisitNow(grid, worker));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    private async Task<string> WorkerOfAsync(string gridId) =>
        (await server.Client.GetJsonAsync($"/api/units/{gridId}/workers"))[0].GetProperty("id").GetString()!;

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
