using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit.Abstractions;
using static Dashboard.Web.Tests.Browser.CasesDeskPage;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Issue 12's "Done when", walked in chromium as the street leader of 黄岛街道 and the worker of its first grid would: a
/// new case through every state from /cases, 上报, 延期 and 作废 on others, 督办 on an overdue case, which the worker
/// sees on the phone and resolves there offline, the month's evaluation updating while it is open, the monthly
/// bulletin, and both its downloads. Every step saves a screenshot (<c>LeadersMonthWalkTests.*</c>).
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class LeadersMonthWalkTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private const string Walk = nameof(A_street_leader_runs_a_month_from_the_browser);
    private const string Community = "黄岛街道第一社区";
    private const string GridName = "第一网格";
    private const string WorkerName = "谢永娟";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>How long a page that re-reads the current period (every 5 s) may take to show a change.</summary>
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_street_leader_runs_a_month_from_the_browser()
    {
        // What the field reported (through the API, as the workers' phones do): three new cases, one already past its
        // deadline and one more past it that nobody handles, for the bulletin's 督办 list. Only this walk's titles
        // carry the marker the desk's search finds.
        var marker = $"walk{Guid.NewGuid():N}"[..12];
        var now = Api.RecentTime;
        var overdue = await server.Client.PostCaseAsync($"井盖缺失 {marker}", occurredAt: now.AddMinutes(-2), deadline: now.AddMinutes(-1));
        var unhandled = await server.Client.PostCaseAsync($"占道经营 {marker}", occurredAt: now.AddMinutes(-2), deadline: now.AddSeconds(-30));
        var fresh = await server.Client.PostCaseAsync($"楼道堆放杂物 {marker}");
        var large = await server.Client.PostCaseAsync($"道路塌陷 {marker}");
        var repeated = await server.Client.PostCaseAsync($"重复上报 {marker}");
        var today = DateTimeOffset.UtcNow.ToOffset(Shanghai).Date;
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        // The month's evaluation, open beside the desk: this month re-reads itself.
        await using var evaluation = await BrowserTab.OpenAsync(chromium, server.Address, output, testName: $"{Walk}.evaluation");
        await evaluation.Page.GotoAsync((await server.IssueSignInLinkAsync()).ToString());
        await evaluation.Page.GotoAsync($"/evaluation/{Reports.Street}");
        await Expect(evaluation.Page.Locator("h1")).ToHaveTextAsync($"黄岛街道 月度考评 {month}");
        await Expect(evaluation.Page.Locator("#status [data-coverage]")).ToHaveAttributeAsync("data-coverage", "live");
        var urgesBefore = int.Parse(await (await CellAsync(evaluation.Page, "#ranking", Community, "督办")).InnerTextAsync(), CultureInfo.InvariantCulture);

        // 1. The desk: the walk's cases found by the search, the overdue ones first.
        await using var desk = await SignInAsync(chromium, server, output, testName: $"{Walk}.desk");
        var page = desk.Page;
        await page.Locator("#filter-text").FillAsync(marker);
        await Expect(Rows(page)).ToHaveCountAsync(5);
        Assert.Equal([overdue, unhandled, fresh, large, repeated], await QueueAsync(page));
        await Expect(Row(page, overdue).Locator("td.deadline")).ToContainTextAsync("超期");
        await desk.ScreenshotAsync("01-queue");

        // 2. The new case through every state: 派遣 with a handler and a deadline, 处置完成, 返工, 处置完成, 核查结案.
        await Row(page, fresh).ClickAsync();
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-case-id", fresh);
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已上报");
        var dispatchDeadline = today.AddDays(2).AddHours(18);
        await ActAsync(page, "派遣", handler: "黄岛街道城管中队", deadline: dispatchDeadline);
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已派遣");
        await Expect(Fact(page, "处置人")).ToHaveTextAsync("黄岛街道城管中队");
        await Expect(Fact(page, "处置期限")).ToContainTextAsync(Shown(dispatchDeadline));
        await Expect(page.Locator("#timeline li[data-action='dispatch'] .entry-details")).ToHaveTextAsync($"处置人 黄岛街道城管中队 · 期限 {Shown(dispatchDeadline)}");
        Assert.Equal(new DateTimeOffset(dispatchDeadline, Shanghai), (await server.Client.GetJsonAsync($"/api/cases/{fresh}")).GetProperty("deadline").GetDateTimeOffset());
        await desk.ScreenshotAsync("02-dispatched");

        await ActAsync(page, "处置完成", note: "已清理楼道");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已处置");
        await Expect(page.Locator("#case-actions button")).ToHaveTextAsync(["核查结案", "返工", "督办"]);
        await ActAsync(page, "返工", note: "楼梯间仍有纸箱");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已派遣");
        await Expect(Fact(page, "返工")).ToHaveTextAsync("1 次");
        await Expect(page.Locator("#timeline li[data-action='reject'] .entry-note")).ToHaveTextAsync("楼梯间仍有纸箱");
        await desk.ScreenshotAsync("03-sent-back");

        await ActAsync(page, "处置完成", note: "纸箱已清走");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已处置");
        await ActAsync(page, "核查结案");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已结案");
        await Expect(page.Locator("#case-actions")).ToHaveTextAsync("该事件已结案，无可用操作。");
        await Expect(page.Locator("#timeline li")).ToHaveCountAsync(6);
        Assert.Equal(["dispatch", "resolve", "reject", "resolve", "close"], await server.Client.HistoryAsync(fresh));
        await desk.ScreenshotAsync("04-closed");

        // 3. 上报上级 and 延期 on a case the community cannot handle.
        await Row(page, large).ClickAsync();
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-case-id", large);
        await Expect(Fact(page, "处置层级")).ToHaveTextAsync("社区");
        await ActAsync(page, "上报上级");
        await Expect(Fact(page, "处置层级")).ToHaveTextAsync("街道");
        await Expect(Row(page, large).Locator("td").Last).ToHaveTextAsync("街道");
        var extendedDeadline = today.AddDays(5).AddHours(18);
        await ActAsync(page, "延期", note: "需协调燃气公司勘察", deadline: extendedDeadline);
        await Expect(Fact(page, "处置期限")).ToContainTextAsync(Shown(extendedDeadline));
        await Expect(page.Locator("#timeline li[data-action='extend'] .entry-note")).ToHaveTextAsync("需协调燃气公司勘察");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已上报");
        await desk.ScreenshotAsync("05-escalated-and-extended");

        // 4. 作废 on a case reported twice: gone from the open queue, nothing left to do on it.
        await Row(page, repeated).ClickAsync();
        await Expect(page.Locator("#case")).ToHaveAttributeAsync("data-case-id", repeated);
        await ActAsync(page, "作废", note: "与道路塌陷事件重复");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已作废");
        await Expect(page.Locator("#case-actions")).ToHaveTextAsync("该事件已作废，无可用操作。");
        await Expect(Row(page, repeated)).ToHaveCountAsync(0);
        await desk.ScreenshotAsync("06-cancelled");

        // 5. The overdue ones, by the filter; the first dispatched to the grid's worker and urged (督办).
        await page.SelectOptionAsync("#filter-deadline", "overdue");
        await Expect(Rows(page)).ToHaveCountAsync(2);
        await Row(page, overdue).ClickAsync();
        await Expect(page.Locator("#case-clock")).ToContainTextAsync("超期");
        await ActAsync(page, "派遣", handler: WorkerName);
        const string demand = "请今日内处置并反馈";
        await ActAsync(page, "督办", note: demand);
        await Expect(page.Locator("#timeline li[data-action='urge'] .entry-note")).ToHaveTextAsync(demand);
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已派遣");
        await desk.ScreenshotAsync("07-urged");

        // The evaluation counts the urge for the community without a reload.
        await Expect(await CellAsync(evaluation.Page, "#ranking", Community, "督办"))
            .ToHaveTextAsync((urgesBefore + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = Milliseconds(PollLimit) });

        // 6. The worker's phone: the urge shown on the case; resolved offline, sent once when back online.
        await using var phone = await BrowserTab.OpenAsync(chromium, server.Address, output, PhonePage.Viewport, testName: $"{Walk}.phone");
        await PhonePage.OpenWorkerLinkAsync(phone.Page, (await server.IssueTokenAsync()).Secret);
        var card = phone.Page.Locator($"#my-cases li[data-case-id='{overdue}']");
        await Expect(card.Locator(".urge-badge")).ToHaveTextAsync("督办×1");
        await Expect(card.Locator(".urge-note")).ToHaveTextAsync($"督办要求：{demand}");
        await Expect(card.Locator(".deadline")).ToContainTextAsync("超期");
        await card.ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync("08-phone-urged");

        var actionId = await PhonePage.ResolveOfflineAsync(phone, card, "已补装井盖");
        Assert.Equal("dispatched", (await server.Client.GetJsonAsync($"/api/cases/{overdue}")).GetProperty("state").GetString());
        await phone.ScreenshotAsync("09-phone-offline");

        await PhonePage.BackOnlineAsync(phone, card, actionId);
        Assert.Equal(["dispatch", "urge", "resolve"], await server.Client.HistoryAsync(overdue));
        await phone.ScreenshotAsync("10-phone-sent");

        // 7. Back on the desk the open case follows by itself; the leader checks and closes it.
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已处置", new() { Timeout = Milliseconds(LiveLimit) });
        await Expect(page.Locator("#timeline li[data-action='resolve'] .entry-who")).ToHaveTextAsync(WorkerName);
        await Expect(page.Locator("#timeline li[data-action='resolve'] .entry-note")).ToHaveTextAsync("已补装井盖");
        await page.SelectOptionAsync("#filter-deadline", "");
        await ActAsync(page, "核查结案");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已结案");
        await desk.ScreenshotAsync("11-closed-after-phone");

        // 8. The month's evaluation.
        await Expect(evaluation.Page.Locator("#status [data-coverage]")).ToHaveAttributeAsync("data-coverage", "live");
        await Expect(await CellAsync(evaluation.Page, "#ranking", Community, "督办")).ToHaveTextAsync((urgesBefore + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(evaluation.Page.Locator("#figures .figure", new() { HasText = "督办" }).Locator(".figure-value")).Not.ToHaveTextAsync("0");
        await evaluation.ScreenshotAsync("12-evaluation");

        // 9. The month's bulletin (月总结), from the evaluation's link: the community's urge, the unhandled case on the 督办 list.
        await evaluation.Page.Locator("#reports-link").ClickAsync();
        await Expect(evaluation.Page.Locator("#period-title")).ToHaveTextAsync("月总结");
        await Expect(evaluation.Page.Locator("#period-label")).ToHaveTextAsync(month);
        await Expect(await CellAsync(evaluation.Page, "#children", Community, "督办")).ToHaveTextAsync((urgesBefore + 1).ToString(CultureInfo.InvariantCulture));
        var listed = evaluation.Page.Locator("#overdue tbody tr", new() { HasText = unhandled });
        await Expect(listed).ToContainTextAsync(GridName);
        await Expect(evaluation.Page.Locator("#overdue tbody tr", new() { HasText = overdue })).ToHaveCountAsync(0);
        await evaluation.ScreenshotAsync("13-bulletin");

        // 10. The bulletin downloaded as CSV and as Excel.
        var csv = await evaluation.DownloadAsync("#download-csv");
        Assert.Equal($"黄岛街道-月总结-{month}.csv", csv.Name);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv.Bytes[..3]);
        var csvText = Encoding.UTF8.GetString(csv.Bytes[3..]);
        Assert.StartsWith("通报\r\n项目,内容\r\n单位,黄岛街道\r\n", csvText, StringComparison.Ordinal);
        Assert.Contains($"\r\n{unhandled},环境卫生,{Community},{GridName},", csvText, StringComparison.Ordinal);
        Assert.Contains(Community, csvText, StringComparison.Ordinal);

        var xlsx = await evaluation.DownloadAsync("#download-xlsx");
        Assert.Equal($"黄岛街道-月总结-{month}.xlsx", xlsx.Name);
        using var workbook = new MemoryStream(xlsx.Bytes);
        var units = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "下级单位").Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(units, unit => Equals(unit["单位"], Community));
        Assert.Equal(urgesBefore + 1, Convert.ToInt32(row["督办数"], CultureInfo.InvariantCulture));
        workbook.Position = 0;
        var overdueList = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "督办清单").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(GridName, Assert.Single(overdueList, item => Equals(item["事件编号"], unhandled))["网格"]);

        Assert.Empty(desk.UncaughtErrors);
        Assert.Empty(phone.UncaughtErrors);
        Assert.Empty(evaluation.UncaughtErrors);
    }

    /// <summary>The value of a fact of the open case (<c>#case-facts</c>: 处置人, 处置期限, 处置层级, ...).</summary>
    private static ILocator Fact(IPage page, string label) => page.Locator($"#case-facts dt:text-is('{label}') + dd");

    /// <summary>A local time as the desk shows it in Chinese: <c>12/7 18:00</c>.</summary>
    private static string Shown(DateTime local) => local.ToString("M/d HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The cell of a desk page's table in the row of <paramref name="unitName"/> and the column headed <paramref name="header"/>.</summary>
    private static async Task<ILocator> CellAsync(IPage page, string table, string unitName, string header)
    {
        var rows = page.Locator($"{table} tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var column = (await page.Locator($"{table} thead th").AllInnerTextsAsync()).ToList().IndexOf(header);
        Assert.True(column >= 0, $"{table} has no column {header}");
        var unitLink = page.Locator("a", new() { HasTextRegex = new Regex($"^{Regex.Escape(unitName)}$") });
        return rows.Filter(new() { Has = unitLink }).Locator("td").Nth(column);
    }
}
