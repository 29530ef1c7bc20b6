using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Dashboard.Web.Tests.Browser.CasesDeskPage;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The leaders' cases desk (<c>/cases</c>, issue 12 section 1) in chromium, signed in as the demo's street leader.</summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class CasesDeskTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    [Fact]
    public async Task A_leader_takes_a_new_case_from_dispatch_to_close_while_the_queue_stays_urgent_first_and_live()
    {
        // Arrange: three cases only this test's titles carry, found with the desk's search.
        var marker = $"desk{Guid.NewGuid():N}"[..12];
        var overdue = await server.Client.PostCaseAsync($"超期未处理 {marker}", occurredAt: Api.RecentTime.AddDays(-3), deadline: Api.RecentTime.AddDays(-1));
        var later = await server.Client.PostCaseAsync($"期限较晚 {marker}", occurredAt: Api.RecentTime.AddMinutes(-30), deadline: Api.RecentTime.AddDays(3));
        var subject = await server.Client.PostCaseAsync($"新上报事件 {marker}", occurredAt: Api.RecentTime.AddMinutes(-20), deadline: Api.RecentTime.AddDays(2));
        await using var tab = await SignInAsync(chromium, server, output);
        var page = tab.Page;

        // The queue: found by the search (focused with /), overdue first, then the one due sooner.
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("#filter-text")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(marker);
        await Expect(Rows(page)).ToHaveCountAsync(3);
        Assert.Equal([overdue, subject, later], await QueueAsync(page));
        await Expect(Row(page, overdue)).ToHaveAttributeAsync("data-deadline", "overdue");
        await Expect(Row(page, overdue).Locator("td.deadline")).ToContainTextAsync("超期");

        // A filter: only the overdue one.
        await page.SelectOptionAsync("#filter-deadline", "overdue");
        await Expect(Rows(page)).ToHaveCountAsync(1);
        await Expect(Row(page, overdue)).ToBeVisibleAsync();
        Assert.Contains("deadline=overdue", page.Url, StringComparison.Ordinal);
        await page.SelectOptionAsync("#filter-deadline", "");
        await Expect(Rows(page)).ToHaveCountAsync(3);

        // Live: a case another client reports shows without a reload.
        var reportedElsewhere = await server.Client.PostCaseAsync($"他人上报 {marker}", occurredAt: Api.RecentTime.AddMinutes(-5), deadline: Api.RecentTime.AddDays(5));
        await Expect(Row(page, reportedElsewhere)).ToBeVisibleAsync(new() { Timeout = Milliseconds(LiveLimit) });
        Assert.Equal([overdue, subject, later, reportedElsewhere], await QueueAsync(page));

        // Open the new case from the keyboard: down from the search to the second row, Enter.
        await page.Locator("#filter-text").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-case-id", subject);
        await Expect(page).ToHaveURLAsync(new Regex($"/cases/{subject}"));
        await Expect(page.Locator("#case-actions button")).ToHaveTextAsync(["派遣", "上报上级", "延期", "督办", "作废"]);

        // 派遣 → 处置完成 → 返工 → 处置完成 → 督办 → 核查结案, each form sent with Enter.
        await ActAsync(page, "派遣", handler: "黄岛街道城管中队");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "dispatched");
        await ActAsync(page, "处置完成", note: "已清理");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "resolved");
        await Expect(page.Locator("#case-actions button")).ToHaveTextAsync(["核查结案", "返工", "督办"]);
        await ActAsync(page, "返工", note: "现场仍有杂物");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "dispatched");
        await ActAsync(page, "处置完成", note: "已再次清理");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "resolved");
        await UrgeAsync(page);
        await ActAsync(page, "核查结案");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "closed");
        await Expect(page.Locator("#case-actions button")).ToHaveCountAsync(0);

        string[] expected = ["dispatch", "resolve", "reject", "resolve", "urge", "close"];
        Assert.Equal(expected, await server.Client.HistoryAsync(subject));
        await Expect(page.Locator("#timeline li")).ToHaveCountAsync(expected.Length + 1);
        await Expect(page.Locator("#timeline li[data-action='reject'] .entry-note")).ToHaveTextAsync("现场仍有杂物");
        await tab.ScreenshotAsync("closed");

        // Esc closes the case; the address follows.
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#case")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/cases\?"));

        // The same case, linked, in English.
        await page.GotoAsync($"/cases/{subject}?lang=en&state=&q={marker}");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("Closed");
        await Expect(page.Locator("h1")).ToContainTextAsync("Cases desk");
        await Expect(Rows(page)).ToHaveCountAsync(4);
        await tab.ScreenshotAsync("en");
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task An_action_another_client_took_first_is_answered_409_and_the_case_is_reloaded_saying_so()
    {
        var marker = $"desk{Guid.NewGuid():N}"[..12];
        var contested = await server.Client.PostCaseAsync($"两人同时处理 {marker}", occurredAt: Api.RecentTime.AddMinutes(-30), deadline: Api.RecentTime.AddDays(1));
        await using var tab = await SignInAsync(chromium, server, output, $"/cases/{contested}?q={marker}");
        var page = tab.Page;
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "reported");
        await page.Locator("#case-actions button", new() { HasText = "派遣" }).ClickAsync();
        await page.Locator("#action-handler").FillAsync("社区网格站");

        await server.Client.PostActionAsync(contested, "dispatch", handler: "街道指挥中心");
        await page.Locator("#action-handler").PressAsync("Enter");

        await Expect(page.Locator("#case-message")).ToContainTextAsync("事件已被他人更新，已刷新");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "dispatched");
        await Expect(page.Locator("#case-facts")).ToContainTextAsync("街道指挥中心");
        await Expect(page.Locator("#case-actions button", new() { HasText = "派遣" })).ToHaveCountAsync(0);
        Assert.Equal(["dispatch"], await server.Client.HistoryAsync(contested));
        await tab.ScreenshotAsync();
    }

    /// <summary>督办 on the resolved case: recorded with its note in the timeline, the state unchanged.</summary>
    private static async Task UrgeAsync(IPage page)
    {
        await page.Locator("#case-actions button", new() { HasText = "督办" }).ClickAsync();
        await page.Locator("#action-note").FillAsync("请于今日内复核");
        await page.Locator("#action-note").PressAsync("Enter");
        await Expect(page.Locator("#case-message", new() { HasText = "已督办。" })).ToBeVisibleAsync();
        await Expect(page.Locator("#timeline li[data-action='urge'] .entry-note")).ToHaveTextAsync("请于今日内复核");
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-state", "resolved");
    }
}
