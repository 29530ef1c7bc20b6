using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The cases desk's DOM contract (<c>/cases</c>, issue 12 section 1) as the browser tests use it.</summary>
public static class CasesDeskPage
{
    /// <summary>How long a change made elsewhere may take to show on the desk.</summary>
    public static readonly TimeSpan LiveLimit = TimeSpan.FromSeconds(10);

    /// <summary>A tab signed in as <paramref name="leader"/> by a one-time link, on the desk at <paramref name="path"/>, online.</summary>
    public static async Task<BrowserTab> SignInAsync(
        Chromium chromium,
        DemoServer server,
        ITestOutputHelper output,
        string path = "/cases",
        string leader = Identities.StreetLeader,
        [CallerMemberName] string testName = "",
        [CallerFilePath] string testFile = "")
    {
        var tab = await BrowserTab.OpenAsync(chromium, server.Address, output, testName: testName, testFile: testFile);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync(leader)).ToString());
        await tab.Page.GotoAsync(path);
        await Expect(tab.Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = Milliseconds(LiveLimit) });
        return tab;
    }

    /// <summary>
    /// Clicks the action's button, fills its form (a <paramref name="deadline"/> in the datetime field, local time) and
    /// sends it with Enter; waits for the desk to say it is done.
    /// </summary>
    public static async Task ActAsync(IPage page, string label, string? handler = null, string? note = null, DateTime? deadline = null)
    {
        await page.Locator("#case-actions button", new() { HasText = label }).ClickAsync();
        await Expect(page.Locator("#action-form")).ToBeVisibleAsync();
        if (handler is not null)
        {
            await page.Locator("#action-handler").FillAsync(handler);
        }

        if (deadline is { } at)
        {
            await page.Locator("#action-deadline").FillAsync(at.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        }

        var last = page.Locator(note is null && handler is not null ? "#action-handler" : "#action-note");
        if (note is not null)
        {
            await page.Locator("#action-note").FillAsync(note);
        }

        await last.PressAsync("Enter");
        await Expect(page.Locator("#case-message")).ToHaveTextAsync($"已{label}。");
        await Expect(page.Locator("#action-form")).ToBeHiddenAsync();
    }

    /// <summary>The queue's rows.</summary>
    public static ILocator Rows(IPage page) => page.Locator("#queue tr[data-case-id]");

    /// <summary>The queue's row of a case.</summary>
    public static ILocator Row(IPage page, string caseId) => page.Locator($"#queue tr[data-case-id='{caseId}']");

    /// <summary>The case ids of the queue, in its order.</summary>
    public static async Task<string[]> QueueAsync(IPage page) =>
        [.. (await Rows(page).EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.caseId)"))];

    /// <summary>A span as Playwright's timeouts take it.</summary>
    public static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
