using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>The grid worker's phone page (<c>/report</c>) as the browser tests open it.</summary>
public static class PhonePage
{
    /// <summary>A phone's screen.</summary>
    public static readonly ViewportSize Viewport = new() { Width = 390, Height = 844 };

    /// <summary>How long the outbox may take to send once the network is back (its retries back off).</summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(15);

    /// <summary>Opens the worker's link <c>/report#token=...</c> and returns once the page knows whose phone it is.</summary>
    public static async Task OpenWorkerLinkAsync(IPage page, string token)
    {
        await page.GotoAsync($"/report#token={token}");
        await Expect(page.Locator("#identity")).ToHaveAttributeAsync("data-state", "known");
        await Expect(page.Locator("#identity")).ToHaveAttributeAsync("data-worker-id", Reports.Worker);
    }

    /// <summary>
    /// Takes the phone offline and resolves the case of 我的事件's <paramref name="card"/> with <paramref name="note"/>;
    /// returns the resolve's id once it waits in the outbox and the card says so.
    /// </summary>
    public static async Task<string> ResolveOfflineAsync(BrowserTab phone, ILocator card, string note)
    {
        await phone.Context.SetOfflineAsync(true);
        await Expect(phone.Page.Locator("#network")).ToHaveAttributeAsync("data-state", "offline");
        await card.Locator("input").FillAsync(note);
        await card.Locator("button").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-pending", "true");
        await Expect(card).ToContainTextAsync("处置完成已记录，等待发送");
        var pending = phone.Page.Locator("#outbox-pending li[data-item-kind='resolve']");
        await Expect(pending).ToHaveCountAsync(1);
        var actionId = await pending.GetAttributeAsync("data-id");
        Assert.False(string.IsNullOrEmpty(actionId));
        return actionId;
    }

    /// <summary>Brings the phone back online; returns once the resolve <paramref name="actionId"/> is sent and the card shows the case resolved.</summary>
    public static async Task BackOnlineAsync(BrowserTab phone, ILocator card, string actionId)
    {
        var timeout = (float)SendLimit.TotalMilliseconds;
        await phone.Context.SetOfflineAsync(false);
        await Expect(phone.Page.Locator($"#outbox-sent li[data-id='{actionId}']")).ToBeVisibleAsync(new() { Timeout = timeout });
        await Expect(card).ToHaveAttributeAsync("data-state", "resolved", new() { Timeout = timeout });
        await Expect(card).ToContainTextAsync("已处置，待上级核查");
        await Expect(phone.Page.Locator("#pending-count")).ToHaveTextAsync("0");
    }
}
