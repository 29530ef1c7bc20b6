using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall display (<c>/</c>, <c>/wall/{unitId}</c>) in chromium against the demo organisation (issue 3, section 5),
/// signed in as walls are, by a display link (issue 5).
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed partial class WallTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private static readonly TimeSpan LiveUpdateLimit = TimeSpan.FromSeconds(2);

    /// <summary>A revocation closes the wall's hub connection at once; the wall then asks who it is and stops.</summary>
    private static readonly TimeSpan RevocationLimit = TimeSpan.FromSeconds(5);

    private const string StreetDisplay = "display-huangdao";

    [Fact]
    public async Task The_wall_page_loads_with_its_title()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);

        await tab.Page.GotoAsync("/");

        Assert.Contains("GridPulse", await tab.Page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wall_renders_every_tile_and_every_chart_with_data()
    {
        await server.Client.PostAWorkloadAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);

        await WallPage.OpenAsync(tab.Page, "/", Reports.District);

        Assert.Equal("青岛西海岸新区", await tab.Page.Locator("#unit-name").TextContentAsync());
        foreach (var tile in WallPage.Tiles)
        {
            await Expect(tab.Page.Locator($"[data-tile='{tile}'] .tile-value")).ToHaveTextAsync(ADigit());
            Assert.Matches(@"^\d+(\.\d+)?$", await tab.Page.Locator($"[data-tile='{tile}']").GetAttributeAsync("data-value") ?? "");
        }

        Assert.Equal(await server.Client.VisitsTodayAsync(), await WallPage.TileAsync(tab.Page, "visits"));
        var cases = (await server.Client.GetJsonAsync($"/api/units/{Reports.District}/metrics")).GetProperty("cases");
        var closure = tab.Page.Locator("[data-tile='closureRate']");
        Assert.Equal(cases.GetProperty("closureRate").GetDouble(), double.Parse(await closure.GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture));
        Assert.Equal(ClosureLevel(cases.GetProperty("closureRate").GetDouble()), await closure.GetAttributeAsync("data-level"));
        await Expect(closure.Locator(".tile-score")).ToHaveTextAsync($"综合 {cases.GetProperty("score").GetDouble().ToString("0.#", CultureInfo.InvariantCulture)}");
        foreach (var chart in WallPage.Charts)
        {
            var data = await ChartDataAsync(tab, chart);
            Assert.True(data.Datasets > 0, $"{chart} has no dataset");
            Assert.True(data.Labels > 0, $"{chart} has no labels");
            Assert.True(data.PositivePoints > 0, $"{chart} shows no data");
        }

        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task A_report_posted_during_the_test_changes_todays_visits_within_2_seconds()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);
        var before = await WallPage.TileAsync(tab.Page, "visits");

        await server.Client.PostVisitsAsync(3);

        await WallPage.TileBecomesAsync(tab.Page, "visits", before + 3, LiveUpdateLimit);
        Assert.Equal(before + 3, await server.Client.VisitsTodayAsync());
    }

    [Fact]
    public async Task With_protocol_messagepack_the_wall_speaks_MessagePack_and_draws_and_follows_reports_as_with_JSON()
    {
        await server.Client.PostAWorkloadAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        var binaryFrames = 0;
        tab.Page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Binary is not null)
            {
                Interlocked.Increment(ref binaryFrames);
            }
        };

        await WallPage.OpenAsync(tab.Page, "/?protocol=messagepack", Reports.District);
        var before = await WallPage.TileSettledAsync(tab.Page, "visits", () => server.Client.VisitsTodayAsync(), LiveUpdateLimit);
        await server.Client.PostVisitsAsync(3);
        await server.Client.PostTrainingAsync(participants: 37);

        await WallPage.TileBecomesAsync(tab.Page, "visits", before + 3, LiveUpdateLimit);
        await Expect(tab.Page.Locator("#feed li[data-kind='training']", new() { HasText = "37" }))
            .ToBeVisibleAsync(new() { Timeout = (float)LiveUpdateLimit.TotalMilliseconds });
        Assert.Equal(before + 3, await server.Client.VisitsTodayAsync());
        Assert.True(Volatile.Read(ref binaryFrames) > 0, "the hub's frames were not binary: not MessagePack");
        foreach (var chart in WallPage.Charts)
        {
            Assert.True((await ChartDataAsync(tab, chart)).PositivePoints > 0, $"{chart} shows no data");
        }

        await Expect(tab.Page.Locator("#updated")).ToHaveTextAsync(ADigit());
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task Clicking_a_street_drills_down_and_the_breadcrumb_goes_back_to_the_root()
    {
        await server.Client.PostVisitsAsync(1);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);

        await tab.Page.Locator($"#ranking [data-unit-id='{Reports.Street}']").ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/wall/{Reports.Street}$"));
        await WallPage.ShowsAsync(tab.Page, Reports.Street);
        await Expect(tab.Page.Locator("#unit-name")).ToHaveTextAsync("黄岛街道");
        await Expect(tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.District}']")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.Street}']")).ToBeVisibleAsync();
        Assert.Equal(await server.Client.VisitsTodayAsync(Reports.Street), await WallPage.TileAsync(tab.Page, "visits"));
        await tab.ScreenshotAsync("street");

        await tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.District}']").ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(RootAddress());
        await WallPage.ShowsAsync(tab.Page, Reports.District);
        await Expect(tab.Page.Locator($"#ranking [data-unit-id='{Reports.Street}']")).ToBeVisibleAsync();
        Assert.Equal(await server.Client.VisitsTodayAsync(), await WallPage.TileAsync(tab.Page, "visits"));
    }

    [Fact]
    public async Task An_anonymous_browser_at_the_root_lands_on_the_sign_in_page()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);

        await tab.Page.GotoAsync("/");

        await Expect(tab.Page).ToHaveURLAsync(new Regex(@"/signin\?returnUrl=%2F$"));
        await Expect(tab.Page.Locator("#signin-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_revoked_display_link_turns_the_walls_state_to_no_longer_valid_within_seconds()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        var link = await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);

        await server.RevokeAsync(link);

        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "revoked", new() { Timeout = Milliseconds(RevocationLimit) });
        await Expect(tab.Page.Locator("#connection")).ToContainTextAsync("已失效");
        await Expect(tab.Page.Locator("#message")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#message-text")).ToContainTextAsync("显示链接已失效");
        await tab.ScreenshotAsync("revoked");
    }

    [Fact]
    public async Task A_leader_whose_session_is_revoked_is_asked_to_sign_in_again()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync(Identities.StreetLeader)).ToString());
        await WallPage.ShowsAsync(tab.Page, Reports.Street);

        foreach (var session in await server.CredentialsAsync(Identities.StreetLeader, "session"))
        {
            await server.RevokeAsync(session);
        }

        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "signedOut", new() { Timeout = Milliseconds(RevocationLimit) });
        await Expect(tab.Page.Locator("#connection")).ToContainTextAsync("请重新登录");
        await Expect(tab.Page.Locator("#message-home")).ToHaveAttributeAsync("href", new Regex(@"^/signin\?returnUrl="));
        await tab.ScreenshotAsync("signed-out");
    }

    [Fact]
    public async Task A_display_of_a_street_opens_on_that_street_and_cannot_go_above_it()
    {
        await server.CreateDisplayAsync(StreetDisplay, Reports.Street);
        await server.Client.PostVisitsAsync(1);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server, StreetDisplay);

        await WallPage.OpenAsync(tab.Page, "/", Reports.Street);

        await Expect(tab.Page.Locator("#unit-name")).ToHaveTextAsync("黄岛街道");
        await Expect(tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.Street}']")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.District}']")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator($"#ranking [data-unit-id='{Reports.Community}']")).ToBeVisibleAsync();

        await tab.Page.Locator($"#ranking [data-unit-id='{Reports.Community}']").ClickAsync();

        await WallPage.ShowsAsync(tab.Page, Reports.Community);
        await Expect(tab.Page.Locator("#breadcrumb a")).ToHaveCountAsync(2);
        await Expect(tab.Page.Locator("#breadcrumb a").First).ToHaveAttributeAsync("data-unit-id", Reports.Street);
    }

    [Fact]
    public async Task A_display_of_a_street_sent_to_the_district_says_it_cannot_show_it_and_links_back_to_its_street()
    {
        await server.CreateDisplayAsync(StreetDisplay, Reports.Street);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server, StreetDisplay);

        await tab.Page.GotoAsync($"/wall/{Reports.District}");

        await Expect(tab.Page.Locator("#message")).ToBeVisibleAsync(new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await Expect(tab.Page.Locator("#message-text")).ToContainTextAsync("无法显示该单位");
        await Expect(tab.Page.Locator("body")).Not.ToHaveAttributeAsync("data-unit-id", Reports.District);
        await tab.ScreenshotAsync("refused");

        await tab.Page.Locator("#message-home").ClickAsync();

        await WallPage.ShowsAsync(tab.Page, Reports.Street);
    }

    /// <summary>The colour the wall gives a closure rate (spec 5: amber under 80%, red under 60%).</summary>
    private static string ClosureLevel(double rate) => rate < 0.6 ? "bad" : rate < 0.8 ? "warn" : "good";

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;

    private Regex RootAddress() =>
        new($"^{Regex.Escape(server.Address.ToString().TrimEnd('/'))}/(wall/{Reports.District})?$");

    private static async Task<ChartData> ChartDataAsync(BrowserTab tab, string canvasId)
    {
        var json = await tab.Page.EvaluateAsync<JsonElement?>(
            """
            id => {
              const chart = Chart.getChart(id);
              if (!chart) return null;
              const value = point => typeof point === 'number' ? point : (point && typeof point === 'object' ? (point.y ?? point.x) : 0);
              return {
                datasets: chart.data.datasets.length,
                labels: (chart.data.labels ?? []).length,
                positivePoints: chart.data.datasets.reduce((n, d) => n + d.data.filter(p => value(p) > 0).length, 0),
              };
            }
            """,
            canvasId);
        Assert.True(json is { ValueKind: JsonValueKind.Object }, $"no chart on #{canvasId}");
        var data = json.Value;
        return new ChartData(data.GetProperty("datasets").GetInt32(), data.GetProperty("labels").GetInt32(), data.GetProperty("positivePoints").GetInt32());
    }

    [GeneratedRegex(@"\d")]
    private static partial Regex ADigit();

    private sealed record ChartData(int Datasets, int Labels, int PositivePoints);
}
