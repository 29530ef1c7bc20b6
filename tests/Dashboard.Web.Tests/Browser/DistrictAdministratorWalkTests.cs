using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Issue 13's "Done when", walked in chromium as the district's administrator does it, from the browser alone: import
/// the roster (花名册) of a new street in /admin, print its workers' QR sheet, watch the first reports of their phones
/// arrive on the street's wall, move a grid to the street's other community, broadcast a banner to the street's walls
/// from /walls, and replay yesterday on the district's wall. Every step saves a screenshot
/// (<c>DistrictAdministratorWalkTests.*</c>).
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed partial class DistrictAdministratorWalkTests(Chromium chromium, YesterdayDemoServer server, ITestOutputHelper output)
    : IClassFixture<YesterdayDemoServer>
{
    private const string Walk = nameof(An_administrator_runs_the_district_from_the_browser);
    private const string Street = "珠山街道";
    private const string East = "珠山街道东社区";
    private const string West = "珠山街道西社区";
    private const string Display = "zhushan-wall";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>The roster as a street office keeps it: two communities of two grids, one worker each.</summary>
    private static readonly (string Community, string Grid, string Name, string Number, string Phone)[] Roster =
    [
        (East, "第一网格", "张丽华", "ZS0001", "13800000001"),
        (East, "第二网格", "王建国", "ZS0002", "13800000002"),
        (West, "第一网格", "李秀英", "ZS0003", ""),
        (West, "第二网格", "刘志强", "ZS0004", "13800000004"),
    ];

    [Fact]
    public async Task An_administrator_runs_the_district_from_the_browser()
    {
        await using var admin = await BrowserTab.OpenAsync(chromium, server.Address, output, testName: $"{Walk}.admin");
        var page = admin.Page;
        await page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());

        // 1. The roster of a new street, checked (dry run) and imported in /admin.
        await page.GotoAsync("/admin");
        await page.Locator("#roster-file").SetInputFilesAsync(new FilePayload
        {
            Name = "珠山街道花名册.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = RosterWorkbook(),
        });
        await page.Locator("#roster-check").ClickAsync();
        await Expect(page.Locator("#roster-apply")).ToBeVisibleAsync();
        await Expect(page.Locator("#roster-result")).ToContainTextAsync("1");
        await admin.ScreenshotAsync("01-roster-checked");
        Assert.Null(await StreetAsync());

        await page.Locator("#roster-apply").ClickAsync();
        await Expect(page.Locator("#organisation-tree .unit-name", new() { HasTextRegex = new Regex($"^{Street}$") })).ToBeVisibleAsync(new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        var street = await StreetAsync() ?? throw new InvalidOperationException($"{Street} is in the tree on the page but not in GET /api/organisation");
        var tree = page.Locator($"#organisation-tree li[data-unit-id='{street.Id}']");
        await Expect(tree.Locator(".unit-name").First).ToHaveTextAsync(Street);
        await Expect(tree.Locator(".unit-count").First).ToContainTextAsync("4");
        await admin.ScreenshotAsync("02-roster-imported");

        // 2. The street's QR sheet: one card per worker, each a link that signs their phone in.
        await page.GotoAsync($"/onboarding/{street.Id}");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#issue").ClickAsync();
        var cards = page.Locator("#worker-cards .card.worker");
        await Expect(cards).ToHaveCountAsync(Roster.Length, new() { Timeout = 30_000 });
        Assert.Equal(Roster.Select(row => row.Number), await cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.workerId)"));
        await Expect(cards.First).ToContainTextAsync(Roster[0].Name);
        await admin.ScreenshotAsync("03-qr-sheet");
        var links = new Dictionary<string, string>();
        foreach (var row in Roster)
        {
            links[row.Number] = await page.Locator($"#worker-cards .card.worker[data-worker-id='{row.Number}'] .card-url").InnerTextAsync();
        }

        // 3. The street's wall, set up with a display link, and the first reports from two workers' phones.
        await server.CreateDisplayAsync(Display, street.Id);
        await using var wall = await BrowserTab.OpenAsync(chromium, server.Address, output, testName: $"{Walk}.wall");
        await WallPage.SignInWithDisplayLinkAsync(wall.Page, server, Display);
        await WallPage.ShowsAsync(wall.Page, street.Id);
        Assert.Equal(0, await WallPage.TileAsync(wall.Page, "visits"));
        foreach (var number in new[] { Roster[0].Number, Roster[2].Number })
        {
            await using var phone = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport, testName: $"{Walk}.phone-{number}");
            await phone.Page.GotoAsync(links[number]);
            await Expect(phone.Page.Locator("#identity")).ToHaveAttributeAsync("data-worker-id", number);
            await phone.Page.Locator("button[data-kind='visit']").ClickAsync();
            await phone.Page.Locator("#submit").ClickAsync();
            await Expect(phone.Page.Locator("#submitted")).ToHaveAttributeAsync("data-id", NotEmpty());
        }

        await WallPage.TileBecomesAsync(wall.Page, "visits", 2, WallPage.LoadTimeout);
        await Expect(RankVisits(wall.Page, street.Community(East))).ToHaveTextAsync("1");
        await Expect(RankVisits(wall.Page, street.Community(West))).ToHaveTextAsync("1");
        await wall.ScreenshotAsync("04-first-reports");

        // 4. The east community's first grid moves to the west community, its visit with it.
        var moved = street.Grid(East, "第一网格");
        await page.GotoAsync("/admin");
        foreach (var unit in new[] { street.Id, street.Community(East), moved })
        {
            await page.Locator($"#organisation-tree li[data-unit-id='{unit}'] > details > summary").ClickAsync();
        }

        var grid = page.Locator($"#organisation-tree li[data-unit-id='{moved}'] > details");
        await grid.Locator(".org-actions button", new() { HasText = "移动到…" }).ClickAsync();
        await grid.Locator(".org-form select[name='parentId']").SelectOptionAsync(street.Community(West));
        await admin.ScreenshotAsync("05-move-grid");
        await grid.Locator(".org-form button[type='submit']").ClickAsync();
        await Expect(page.Locator("#organisation-message")).ToHaveAttributeAsync("data-tone", "good", new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await Expect(RankVisits(wall.Page, street.Community(East))).ToHaveTextAsync("0", new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await Expect(RankVisits(wall.Page, street.Community(West))).ToHaveTextAsync("2");
        Assert.Equal(2, await WallPage.TileAsync(wall.Page, "visits"));
        Assert.Equal(2, await server.Client.CountAsync(street.Community(West), "today", "visits"));
        await wall.ScreenshotAsync("06-grid-moved");

        // 5. A banner to the street's walls from /walls: it shows on the street's wall at once.
        await page.GotoAsync("/walls");
        await page.Locator("#banner-unit").SelectOptionAsync(street.Id);
        await page.Locator("#banner-level").SelectOptionAsync("urgent");
        await page.Locator("#banner-text").FillAsync("今晚8点起珠山街道停水，请各网格员通知居民提前储水");
        await page.Locator("#banner-form button[type='submit']").ClickAsync();
        var banner = wall.Page.Locator("#banners .banner");
        await Expect(banner).ToHaveCountAsync(1, new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await Expect(banner.Locator(".banner-text")).ToHaveTextAsync("今晚8点起珠山街道停水，请各网格员通知居民提前储水");
        await Expect(banner).ToHaveAttributeAsync("data-level", "urgent");
        await admin.ScreenshotAsync("07-banner-sent");
        await wall.ScreenshotAsync("08-banner-on-the-wall");

        // 6. Yesterday on the district's wall, replayed from the log.
        var yesterday = DateTimeOffset.UtcNow.ToOffset(Shanghai).Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await ReplayAsync(admin, yesterday);

        Assert.Empty(admin.UncaughtErrors);
        Assert.Empty(wall.UncaughtErrors);
    }

    /// <summary>
    /// Plays <paramref name="date"/> on the district's wall at 600 times real speed: marked 回放 with the replayed time,
    /// the minutes advance by themselves, and at the scrubber's last minute the day's visits are the day bulletin's.
    /// </summary>
    private async Task ReplayAsync(BrowserTab tab, string date)
    {
        var page = tab.Page;
        var bulletin = await server.Client.GetJsonAsync($"/api/units/{Reports.District}/report?period=day&date={date}");
        var dayVisits = bulletin.GetProperty("totals").EnumerateArray()
            .Single(total => total.GetProperty("key").GetString() == "visits").GetProperty("current").GetInt64();
        Assert.True(dayVisits > 0, $"the demo's history wrote no visit on {date}");

        await page.GotoAsync($"/wall/{Reports.District}?replay={date}&speed=600");
        await Expect(page.Locator("#replay .replay-label")).ToHaveTextAsync("回放");
        await Expect(page.Locator("#replay-time")).ToContainTextAsync(date, new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.replayMinute) > 30", null, new() { Timeout = Milliseconds(WallPage.LoadTimeout) });
        await tab.ScreenshotAsync("09-replay-playing");

        await page.Locator("#replay-play").ClickAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-replay-playing", "false");
        await page.Locator("#replay-scrubber").FillAsync("1439");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-replay-minute", "1439");
        await Expect(page.Locator("#replay-time")).ToContainTextAsync("23:59");
        await WallPage.TileBecomesAsync(page, "visits", dayVisits, WallPage.LoadTimeout);
        await tab.ScreenshotAsync("10-replay-end-of-day");
    }

    /// <summary>The street as GET /api/organisation has it once the roster is imported, or null before.</summary>
    private async Task<ImportedStreet?> StreetAsync()
    {
        var organisation = await server.Client.GetJsonAsync("/api/organisation");
        var street = organisation.GetProperty("root").GetProperty("children").EnumerateArray()
            .Where(child => child.GetProperty("name").GetString() == Street)
            .Select(child => (JsonElement?)child).FirstOrDefault();
        return street is { } found ? new ImportedStreet(found) : null;
    }

    private static byte[] RosterWorkbook()
    {
        var rows = Roster.Select(row => new Dictionary<string, object>
        {
            ["街道"] = Street,
            ["社区"] = row.Community,
            ["网格"] = row.Grid,
            ["网格员姓名"] = row.Name,
            ["工号"] = row.Number,
            ["手机号"] = row.Phone,
        });
        using var workbook = new MemoryStream();
        workbook.SaveAs(rows);
        return workbook.ToArray();
    }

    private static ILocator RankVisits(IPage wall, string unitId) => wall.Locator($"#ranking .rank-row[data-unit-id='{unitId}'] .rank-visits");

    private static Regex NotEmpty() => NotEmptyPattern();

    [GeneratedRegex(@"\S")]
    private static partial Regex NotEmptyPattern();

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;

    /// <summary>The imported street's ids, as the roster import gave them.</summary>
    private sealed class ImportedStreet(JsonElement street)
    {
        public string Id { get; } = street.GetProperty("id").GetString()!;

        public string Community(string name) => Child(street, name).GetProperty("id").GetString()!;

        public string Grid(string community, string name) => Child(Child(street, community), name).GetProperty("id").GetString()!;

        private static JsonElement Child(JsonElement unit, string name) =>
            unit.GetProperty("children").EnumerateArray().Single(child => child.GetProperty("name").GetString() == name);
    }
}
