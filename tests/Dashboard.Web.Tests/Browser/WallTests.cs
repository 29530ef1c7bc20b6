using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The wall display (<c>/</c>, <c>/wall/{unitId}</c>) in chromium against the demo organisation (issue 3, section 5).</summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed partial class WallTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private static readonly TimeSpan LiveUpdateLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_wall_page_loads_with_its_title()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);

        await tab.Page.GotoAsync("/");

        Assert.Contains("GridPulse", await tab.Page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wall_renders_every_tile_and_every_chart_with_data()
    {
        await server.Client.PostAWorkloadAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);

        await WallPage.OpenAsync(tab.Page, "/", Reports.District);

        Assert.Equal("青岛西海岸新区", await tab.Page.Locator("#unit-name").TextContentAsync());
        foreach (var tile in WallPage.Tiles)
        {
            await Expect(tab.Page.Locator($"[data-tile='{tile}'] .tile-value")).ToHaveTextAsync(ADigit());
            Assert.Matches(@"^\d+(\.\d+)?$", await tab.Page.Locator($"[data-tile='{tile}']").GetAttributeAsync("data-value") ?? "");
        }

        Assert.Equal(await server.Client.VisitsTodayAsync(), await WallPage.TileAsync(tab.Page, "visits"));
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
        await WallPage.OpenAsync(tab.Page, "/", Reports.District);
        var before = await WallPage.TileAsync(tab.Page, "visits");

        await server.Client.PostVisitsAsync(3);

        await WallPage.TileBecomesAsync(tab.Page, "visits", before + 3, LiveUpdateLimit);
        Assert.Equal(before + 3, await server.Client.VisitsTodayAsync());
    }

    [Fact]
    public async Task Clicking_a_street_drills_down_and_the_breadcrumb_goes_back_to_the_root()
    {
        await server.Client.PostVisitsAsync(1);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
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
