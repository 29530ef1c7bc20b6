using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall's treemap (一张图 without map tiles, issue 13 section 5) in chromium against the demo organisation, the
/// simulator off: one rectangle per child sized by the chosen measure and coloured by the chosen indicator as its
/// legend says, drilling down by a click, following live pushes in place, and in a rotating wall.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class WallTreemapTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private static readonly TimeSpan LiveUpdateLimit = TimeSpan.FromSeconds(2);

    /// <summary>How long the wall may take to draw what the API already answers (a push interval, a redraw, a loaded machine).</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("", "overdue", "grids")]
    [InlineData("?map=closure&mapArea=workers", "closure", "workers")]
    [InlineData("?map=visits&mapArea=grids", "visits", "grids")]
    public async Task The_treemap_shows_one_rectangle_per_child_sized_by_the_measure_and_coloured_as_its_legend_says(string query, string indicator, string area)
    {
        await AWorkloadWithAnOverdueCaseAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);

        await WallPage.OpenAsync(tab.Page, $"/{query}", Reports.District);

        var measure = area == "workers"
            ? await WallTreemap.WorkersPerChildAsync(server.Client, Reports.District)
            : await WallTreemap.GridsPerChildAsync(server.Client, Reports.District);
        var rectangles = await SettledAsync(tab.Page, Reports.District, indicator);
        Assert.Equal(measure.Keys.Order(), rectangles.Select(rectangle => rectangle.UnitId).Order());
        var totalArea = rectangles.Sum(rectangle => rectangle.Area);
        var totalMeasure = measure.Values.Sum();
        foreach (var rectangle in rectangles)
        {
            Assert.True(
                Math.Abs((rectangle.Area / totalArea) - (measure[rectangle.UnitId] / totalMeasure)) < 0.001,
                $"{rectangle.UnitId}: {rectangle.Area / totalArea:P2} of the area, {measure[rectangle.UnitId] / totalMeasure:P2} of the {area}");
        }

        var legend = await WallTreemap.LegendAsync(tab.Page);
        foreach (var rectangle in rectangles)
        {
            var step = Assert.Single(legend, step => step.Holds(rectangle.Value));
            Assert.Equal(step.Fill, rectangle.Fill);
        }

        // The workload makes 黄岛街道 stand out in each indicator: an overdue case, a closure rate of 2/3, most visits.
        var street = rectangles.Single(rectangle => rectangle.UnitId == Reports.Street);
        Assert.Contains(rectangles, rectangle => rectangle.Fill != street.Fill);
        Assert.All(rectangles, rectangle => Assert.NotEqual("", rectangle.Label));
        Assert.StartsWith("黄岛街道", street.Label, StringComparison.Ordinal);
        await Expect(tab.Page.Locator("#map-basis")).ToHaveTextAsync(new Regex(area == "workers" ? "^面积：网格员数" : "^面积：网格数"));
        Assert.Empty(tab.UncaughtErrors);
        await tab.ScreenshotAsync(indicator);
    }

    [Fact]
    public async Task Clicking_a_rectangle_drills_down_keeping_the_treemaps_options_and_shows_the_childs_children()
    {
        await server.Client.PostVisitsAsync(1);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/?map=visits&mapArea=workers", Reports.District);
        var street = (await SettledAsync(tab.Page, Reports.District, "visits")).Single(rectangle => rectangle.UnitId == Reports.Street);

        await tab.Page.Mouse.ClickAsync(street.X, street.Y);

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/wall/{Reports.Street}\\?map=visits&mapArea=workers$"));
        await WallPage.ShowsAsync(tab.Page, Reports.Street);
        var communities = await SettledAsync(tab.Page, Reports.Street, "visits");
        Assert.Equal(
            (await WallTreemap.WorkersPerChildAsync(server.Client, Reports.Street)).Keys.Order(),
            communities.Select(rectangle => rectangle.UnitId).Order());
        await Expect(tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.District}']")).ToHaveAttributeAsync("href", new Regex("map=visits"));
        await tab.ScreenshotAsync("street");

        await tab.Page.Locator($"#breadcrumb [data-unit-id='{Reports.District}']").ClickAsync();

        await WallPage.ShowsAsync(tab.Page, Reports.District);
        Assert.Contains(await SettledAsync(tab.Page, Reports.District, "visits"), rectangle => rectangle.UnitId == Reports.Street);
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task A_report_recolours_its_street_within_2_seconds_without_laying_the_treemap_out_again()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.OpenAsync(tab.Page, "/?map=visits", Reports.District);
        var before = (await SettledAsync(tab.Page, Reports.District, "visits")).Single(rectangle => rectangle.UnitId == Reports.Street);
        var layouts = await tab.Page.Locator("#chart-treemap").GetAttributeAsync("data-layouts");
        Assert.NotNull(layouts);

        await server.Client.PostVisitsAsync(3);

        var expected = before.Value + 3;
        var deadline = DateTime.UtcNow + LiveUpdateLimit;
        WallTreemap.Rectangle after;
        while ((after = (await WallTreemap.RectanglesAsync(tab.Page)).Single(rectangle => rectangle.UnitId == Reports.Street)).Value != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"黄岛街道 shows {after.Value} visits on the treemap, not {expected}");
            await tab.Page.WaitForTimeoutAsync(50);
        }

        Assert.Equal((double)await server.Client.VisitsTodayAsync(Reports.Street), after.Value);
        var step = Assert.Single(await WallTreemap.LegendAsync(tab.Page), step => step.Holds(after.Value));
        Assert.Equal(step.Fill, after.Fill);
        Assert.EndsWith($"走访 {after.Value}", after.Label, StringComparison.Ordinal);
        Assert.Equal(layouts, await tab.Page.Locator("#chart-treemap").GetAttributeAsync("data-layouts"));
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => Chart.getChart('chart-treemap').options.animation !== false"), "the treemap animates live data");
    }

    [Fact]
    public async Task A_rotating_wall_shows_the_treemap_of_each_unit_it_rotates_to()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        var body = tab.Page.Locator("body");

        await tab.Page.GotoAsync($"/wall/{Reports.District}?rotate=5");

        var shown = new List<string>();
        for (var turn = 0; turn < 2; turn++)
        {
            // The next street of the district's, drawn (the attribute is set when a snapshot is drawn).
            var pattern = $"^(?!({string.Join('|', shown.Append(Reports.District).Select(Regex.Escape))})$).+$";
            await Expect(body).ToHaveAttributeAsync("data-unit-id", new Regex(pattern), new() { Timeout = (float)SettleLimit.TotalMilliseconds });
            var (street, drawn) = await WallTreemap.ShownAsync(tab.Page);
            Assert.Equal((await WallTreemap.GridsPerChildAsync(server.Client, street)).Keys.Order(), drawn.Order());
            shown.Add(street);
        }

        await Expect(tab.Page.Locator("#rotation")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("rotating");
        Assert.Empty(tab.UncaughtErrors);
    }

    /// <summary>
    /// The treemap's rectangles once each shows the value the API answers for its child: a write answered just before
    /// may still be on its way to the wall.
    /// </summary>
    private async Task<IReadOnlyList<WallTreemap.Rectangle>> SettledAsync(IPage page, string unitId, string indicator)
    {
        var deadline = DateTime.UtcNow + SettleLimit;
        while (true)
        {
            var expected = await WallTreemap.IndicatorPerChildAsync(server.Client, unitId, indicator);
            var rectangles = await WallTreemap.RectanglesAsync(page);
            if (rectangles.Count == expected.Count && rectangles.All(rectangle => expected.GetValueOrDefault(rectangle.UnitId) == rectangle.Value))
            {
                return rectangles;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the treemap of {unitId} shows {string.Join(", ", rectangles.Select(r => $"{r.UnitId}={r.Value}"))}, the API {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))}");
            await page.WaitForTimeoutAsync(100);
        }
    }

    /// <summary>The workload of the wall's tests and, in 黄岛街道's first grid, a case overdue since an hour ago.</summary>
    private async Task AWorkloadWithAnOverdueCaseAsync()
    {
        await server.Client.PostAWorkloadAsync();
        await server.Client.PostCaseAsync("占道经营", occurredAt: DateTimeOffset.UtcNow.AddHours(-3), deadline: DateTimeOffset.UtcNow.AddHours(-1));
    }
}
