using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The wall's DOM contract (issue 3) as the browser tests read it.</summary>
public static class WallPage
{
    public static readonly string[] Tiles = ["visits", "openCases", "overdueCases", "closureRate", "trainings", "events", "onDuty"];

    public static readonly string[] Charts = ["chart-hourly", "chart-children", "chart-categories", "chart-daily"];

    /// <summary>How long the wall may take to load, connect and draw its first snapshot.</summary>
    public static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Signs the tab's browser in as a wall is set up: opens a new display link of <paramref name="account"/>, which
    /// leaves a cookie and lands on the wall of the account's unit. Returns the link's credential id.
    /// </summary>
    public static async Task<string> SignInWithDisplayLinkAsync(IPage page, DemoServer server, string account = Identities.DistrictDisplay)
    {
        var (id, url) = await server.IssueDisplayLinkAsync(account);
        await page.GotoAsync(url.ToString());
        return id;
    }

    /// <summary>Opens <paramref name="path"/> and returns once the wall shows <paramref name="unitId"/> and is online.</summary>
    public static async Task OpenAsync(IPage page, string path, string unitId)
    {
        await page.GotoAsync(path);
        await ShowsAsync(page, unitId);
    }

    /// <summary>Returns once the wall shows <paramref name="unitId"/>, drawn from its snapshot, and is online.</summary>
    public static async Task ShowsAsync(IPage page, string unitId)
    {
        var timeout = (float)LoadTimeout.TotalMilliseconds;
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-unit-id", unitId, new() { Timeout = timeout });
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = timeout });
    }

    /// <summary>A tile's raw number (<c>data-value</c>).</summary>
    public static async Task<long> TileAsync(IPage page, string tile)
    {
        var value = await page.Locator($"[data-tile='{tile}']").GetAttributeAsync("data-value");
        return long.Parse(value ?? "", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The tile's number once it equals what <paramref name="server"/> answers, both read again until they agree: a
    /// report answered just before may still be on its way to its grid, and then to the wall.
    /// </summary>
    public static async Task<long> TileSettledAsync(IPage page, string tile, Func<Task<long>> server, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (onServer, onWall) = (await server(), await TileAsync(page, tile));
            if (onServer == onWall)
            {
                return onWall;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the {tile} tile shows {onWall}, the server {onServer}");
            await page.WaitForTimeoutAsync(100);
        }
    }

    /// <summary>Returns once the tile's <c>data-value</c> is <paramref name="expected"/>; fails after <paramref name="timeout"/>.</summary>
    public static Task TileBecomesAsync(IPage page, string tile, long expected, TimeSpan timeout) =>
        Expect(page.Locator($"[data-tile='{tile}']")).ToHaveAttributeAsync(
            "data-value", expected.ToString(CultureInfo.InvariantCulture), new() { Timeout = (float)timeout.TotalMilliseconds });
}
