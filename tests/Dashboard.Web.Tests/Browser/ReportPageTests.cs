using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The grid worker's phone page (<c>/report</c>) online and offline (issue 3, section 5).</summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class ReportPageTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_visit_sent_online_is_counted_and_one_sent_offline_waits_and_is_counted_once_when_back_online()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, Phone);
        await tab.Page.GotoAsync("/report");
        await ChooseIdentityAsync(tab.Page);
        var before = await server.Client.VisitsTodayAsync();

        var online = await SubmitVisitAsync(tab.Page, previousId: null);

        await Expect(tab.Page.Locator($"#outbox-sent li[data-id='{online}']")).ToBeVisibleAsync(new() { Timeout = Milliseconds(SendLimit) });
        Assert.Equal(before + 1, await server.Client.VisitsTodayAsync());

        await tab.Context.SetOfflineAsync(true);
        await Expect(tab.Page.Locator("#network")).ToHaveAttributeAsync("data-state", "offline");
        var offline = await SubmitVisitAsync(tab.Page, previousId: online);

        await Expect(tab.Page.Locator($"#outbox-pending li[data-id='{offline}']")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#pending-count")).ToHaveTextAsync("1");
        Assert.Equal(before + 1, await server.Client.VisitsTodayAsync());
        await tab.ScreenshotAsync("offline");

        await tab.Context.SetOfflineAsync(false);

        await Expect(tab.Page.Locator($"#outbox-sent li[data-id='{offline}']")).ToBeVisibleAsync(new() { Timeout = Milliseconds(SendLimit) });
        await Expect(tab.Page.Locator("#outbox-pending li")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#pending-count")).ToHaveTextAsync("0");
        Assert.Equal(before + 2, await server.Client.VisitsTodayAsync());
        await Expect(tab.Page.Locator("#network")).ToHaveAttributeAsync("data-state", "online");
    }

    private static async Task ChooseIdentityAsync(IPage page)
    {
        await page.Locator("#street").SelectOptionAsync(Reports.Street);
        await page.Locator("#community").SelectOptionAsync(Reports.Community);
        await page.Locator("#grid").SelectOptionAsync(Reports.Grid);
        await page.Locator("#worker").SelectOptionAsync(Reports.Worker);
        await Expect(page.Locator("#identity")).ToHaveAttributeAsync("data-state", "chosen");
        await Expect(page.Locator("#identity")).ToHaveAttributeAsync("data-worker-id", Reports.Worker);
    }

    /// <summary>Submits a visit and returns the id the page shows for it.</summary>
    private static async Task<string> SubmitVisitAsync(IPage page, string? previousId)
    {
        await page.Locator("button[data-kind='visit']").ClickAsync();
        await page.Locator("#submit").ClickAsync();
        var submitted = page.Locator("#submitted");
        await Expect(submitted).ToHaveAttributeAsync("data-id", new Regex(@"\S"));
        if (previousId is not null)
        {
            await Expect(submitted).Not.ToHaveAttributeAsync("data-id", previousId);
        }

        var id = await submitted.GetAttributeAsync("data-id");
        Assert.False(string.IsNullOrEmpty(id));
        await Expect(submitted.Locator("code")).ToContainTextAsync(id);
        return id;
    }

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
