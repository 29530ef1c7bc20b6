using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall's treemap (issue 13, section 5) as a command centre sees it, with days of history and live load behind it:
/// the district and a street of 29 communities, in Chinese and in English, saved as screenshots to look at.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class WallTreemapLookTests(Chromium chromium, BusyDemoServer server, ITestOutputHelper output) : IClassFixture<BusyDemoServer>
{
    [Theory]
    [InlineData("zh", "", "面积：网格数 · 颜色：超期事件")]
    [InlineData("en", "?lang=en&map=closure&mapArea=workers", "area: workers · colour: closure rate (month)")]
    public async Task The_treemap_of_the_district_and_of_a_street_reads_from_across_a_room(string language, string query, string basis)
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);

        await WallPage.OpenAsync(tab.Page, $"/wall/{Reports.District}{query}", Reports.District);

        await Expect(tab.Page.Locator("#map-basis")).ToHaveTextAsync(basis);
        var streets = await WallTreemap.RectanglesAsync(tab.Page);
        Assert.Equal((await WallTreemap.GridsPerChildAsync(server.Client, Reports.District)).Count, streets.Count);
        Assert.All(streets, street => Assert.NotEqual("", street.Label));
        Assert.NotEmpty(await WallTreemap.LegendAsync(tab.Page));
        await tab.ScreenshotAsync($"district-{language}");

        await tab.Page.Locator($"#ranking [data-unit-id='{Reports.Street}']").ClickAsync();

        await WallPage.ShowsAsync(tab.Page, Reports.Street);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/wall/{Reports.Street}{Regex.Escape(query)}$"));
        var communities = await WallTreemap.RectanglesAsync(tab.Page);
        Assert.Equal(29, communities.Count);
        // Labels that would not be legible are left out, not shrunk: most of a street's communities keep theirs.
        Assert.True(communities.Count(community => community.Label != "") >= 20, $"{communities.Count(community => community.Label != "")} of 29 labels drawn");
        await tab.ScreenshotAsync($"street-{language}");
        Assert.Empty(tab.UncaughtErrors);
    }
}
