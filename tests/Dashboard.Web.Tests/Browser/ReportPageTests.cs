using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The grid worker's phone page (<c>/report</c>) online and offline (issue 3, section 5), opened by the worker's link,
/// whose token says who reports (issue 5).
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class ReportPageTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    [Fact]
    public async Task A_visit_sent_online_is_counted_and_one_sent_offline_waits_and_is_counted_once_when_back_online()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport);
        await PhonePage.OpenWorkerLinkAsync(tab.Page, (await server.IssueTokenAsync()).Secret);
        var before = await server.Client.VisitsTodayAsync();

        var online = await SubmitVisitAsync(tab.Page, previousId: null);

        await Expect(tab.Page.Locator($"#outbox-sent li[data-id='{online}']")).ToBeVisibleAsync(new() { Timeout = Milliseconds(PhonePage.SendLimit) });
        Assert.Equal(before + 1, await server.Client.VisitsTodayAsync());

        await tab.Context.SetOfflineAsync(true);
        await Expect(tab.Page.Locator("#network")).ToHaveAttributeAsync("data-state", "offline");
        var offline = await SubmitVisitAsync(tab.Page, previousId: online);

        await Expect(tab.Page.Locator($"#outbox-pending li[data-id='{offline}']")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#pending-count")).ToHaveTextAsync("1");
        Assert.Equal(before + 1, await server.Client.VisitsTodayAsync());
        await tab.ScreenshotAsync("offline");

        await tab.Context.SetOfflineAsync(false);

        await Expect(tab.Page.Locator($"#outbox-sent li[data-id='{offline}']")).ToBeVisibleAsync(new() { Timeout = Milliseconds(PhonePage.SendLimit) });
        await Expect(tab.Page.Locator("#outbox-pending li")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#pending-count")).ToHaveTextAsync("0");
        Assert.Equal(before + 2, await server.Client.VisitsTodayAsync());
        await Expect(tab.Page.Locator("#network")).ToHaveAttributeAsync("data-state", "online");
    }

    [Fact]
    public async Task The_worker_link_names_the_worker_and_leaves_no_token_in_the_address()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport);

        await PhonePage.OpenWorkerLinkAsync(tab.Page, (await server.IssueTokenAsync()).Secret);

        Assert.DoesNotContain("token", tab.Page.Url, StringComparison.Ordinal);
        await Expect(tab.Page.Locator("#identity-worker")).Not.ToBeEmptyAsync();
        await Expect(tab.Page.Locator("#identity")).ToHaveAttributeAsync("data-grid-id", Reports.Grid);
        await Expect(tab.Page.Locator("#record")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_page_without_a_worker_link_says_how_to_get_one_and_offers_no_form()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport);

        await tab.Page.GotoAsync("/report");

        await Expect(tab.Page.Locator("#identity")).ToHaveAttributeAsync("data-state", "missing");
        await Expect(tab.Page.Locator("#identity-message")).ToContainTextAsync("上报链接");
        await Expect(tab.Page.Locator("#record")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_visit_sent_with_a_revoked_token_waits_on_the_phone_and_is_sent_once_a_new_link_is_opened()
    {
        var revoked = await server.IssueTokenAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport);
        await PhonePage.OpenWorkerLinkAsync(tab.Page, revoked.Secret);
        await server.RevokeAsync(revoked.Id);
        var before = await server.Client.VisitsTodayAsync();

        var waiting = await SubmitVisitAsync(tab.Page, previousId: null);

        await Expect(tab.Page.Locator("#identity")).ToHaveAttributeAsync("data-state", "denied", new() { Timeout = Milliseconds(PhonePage.SendLimit) });
        await Expect(tab.Page.Locator("#identity-message")).ToContainTextAsync("上报链接已失效");
        await Expect(tab.Page.Locator($"#outbox-pending li[data-id='{waiting}']")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#network-last")).ToContainTextAsync("上报链接已失效");
        Assert.Equal(before, await server.Client.VisitsTodayAsync());
        await tab.ScreenshotAsync("revoked");

        await PhonePage.OpenWorkerLinkAsync(tab.Page, (await server.IssueTokenAsync()).Secret);

        await Expect(tab.Page.Locator($"#outbox-sent li[data-id='{waiting}']")).ToBeVisibleAsync(new() { Timeout = Milliseconds(PhonePage.SendLimit) });
        Assert.Equal(before + 1, await server.Client.VisitsTodayAsync());
    }

    [Fact]
    public async Task A_worker_resolves_a_dispatched_case_of_the_grid_offline_and_it_is_resolved_once_when_back_online()
    {
        var dispatched = await server.Client.PostCaseAsync("井盖缺失");
        await server.Client.PostActionAsync(dispatched, "dispatch", handler: "谢永娟");
        var reported = await server.Client.PostCaseAsync("路灯不亮");
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport);
        await PhonePage.OpenWorkerLinkAsync(tab.Page, (await server.IssueTokenAsync()).Secret);
        var card = tab.Page.Locator($"#my-cases li[data-case-id='{dispatched}']");
        await Expect(card.Locator("button")).ToHaveTextAsync("处置完成");
        await Expect(tab.Page.Locator($"#my-cases li[data-case-id='{reported}']")).ToContainTextAsync("待派遣");
        await Expect(tab.Page.Locator($"#my-cases li[data-case-id='{reported}'] button")).ToHaveCountAsync(0);

        var actionId = await PhonePage.ResolveOfflineAsync(tab, card, "已补装井盖");

        await Expect(tab.Page.Locator($"#outbox-pending li[data-id='{actionId}']")).ToContainTextAsync("井盖缺失");
        Assert.Equal("dispatched", (await server.Client.GetJsonAsync($"/api/cases/{dispatched}")).GetProperty("state").GetString());
        await tab.ScreenshotAsync("my-cases-offline");

        await PhonePage.BackOnlineAsync(tab, card, actionId);

        var view = await server.Client.GetJsonAsync($"/api/cases/{dispatched}");
        Assert.Equal("resolved", view.GetProperty("state").GetString());
        var resolve = Assert.Single(view.GetProperty("history").EnumerateArray(), entry => entry.GetProperty("action").GetString() == "resolve");
        Assert.Equal((actionId, Reports.Worker, "已补装井盖"), (resolve.GetProperty("actionId").GetString(), resolve.GetProperty("by").GetString(), resolve.GetProperty("note").GetString()));
        await tab.ScreenshotAsync("my-cases");
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
