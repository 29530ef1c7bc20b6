using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using MiniExcelLibs;
using Dashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The leaders' evaluation and bulletin pages (issue 12, section 3) on the demo district with its 30 days of history:
/// a month switched on /evaluation, a period switched on /reports, both downloads, the print layout, Chinese and English.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class DeskPagesTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private const string District = "xihaian";

    [Fact]
    public async Task An_administrator_reads_the_evaluation_and_the_bulletins_of_the_district_and_downloads_them()
    {
        await PostOneDueCasePerStreetAsync(server.Client);
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());
        await Expect(tab.Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        var lastMonth = DateTime.UtcNow.AddHours(8).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

        await tab.Page.GotoAsync($"/evaluation/{District}");
        await Expect(tab.Page.Locator("#ranking tbody tr")).ToHaveCountAsync(12);
        await Expect(tab.Page.Locator("#ranking tbody tr").First.Locator("td").First).ToHaveTextAsync("1");
        await Expect(tab.Page.Locator("#status [data-coverage]")).ToHaveAttributeAsync("data-coverage", "live");
        await tab.ScreenshotAsync("evaluation-this-month");
        await tab.Page.Locator("#month").FillAsync(lastMonth);
        await Expect(tab.Page.Locator("#period-label")).ToHaveTextAsync(lastMonth);
        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"month={lastMonth}"));
        await Expect(tab.Page.Locator("#ranking tbody tr")).ToHaveCountAsync(12);
        await tab.ScreenshotAsync("evaluation-last-month");

        await tab.Page.GotoAsync($"/reports/{District}");
        await Expect(tab.Page.Locator("#period-title")).ToHaveTextAsync("月总结");
        await Expect(tab.Page.Locator("#children tbody tr")).ToHaveCountAsync(12);
        await tab.Page.Locator("#period").SelectOptionAsync("week");
        await Expect(tab.Page.Locator("#period-title")).ToHaveTextAsync("周分析");
        await Expect(tab.Page.Locator("#period-label")).ToContainTextAsync("-W");
        await Expect(tab.Page.Locator("#totals tbody tr")).ToHaveCountAsync(12);
        await tab.ScreenshotAsync("bulletin-week");

        var csv = await tab.DownloadAsync("#download-csv");
        var xlsx = await tab.DownloadAsync("#download-xlsx");
        Assert.Matches(@"^青岛西海岸新区-周分析-\d{4}-W\d{2}\.csv$", csv.Name);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv.Bytes[..3]);
        Assert.StartsWith("通报\r\n项目,内容\r\n单位,青岛西海岸新区\r\n", Encoding.UTF8.GetString(csv.Bytes[3..]), StringComparison.Ordinal);
        Assert.EndsWith(".xlsx", xlsx.Name, StringComparison.Ordinal);
        using (var workbook = new MemoryStream(xlsx.Bytes))
        {
            Assert.Equal(["通报", "概况", "下级单位", "事件类别", "督办清单"], MiniExcel.GetSheetNames(workbook));
        }

        await tab.Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(tab.Page.Locator(".desk-controls")).ToBeHiddenAsync();
        await tab.ScreenshotAsync("bulletin-week-print");
        await tab.Page.EmulateMediaAsync(new() { Media = Media.Screen });

        await tab.Page.GotoAsync($"/reports/{District}?period=day&lang=en");
        await Expect(tab.Page.Locator("#period-title")).ToHaveTextAsync("Daily bulletin");
        await Expect(tab.Page.Locator("#totals th").First).ToHaveTextAsync("Figure");
        await tab.ScreenshotAsync("bulletin-day-en");
        await tab.Page.GotoAsync($"/evaluation/{District}?lang=en");
        await Expect(tab.Page.Locator("#ranking th").First).ToHaveTextAsync("Rank");
        await Expect(tab.Page.Locator("#ranking tbody tr")).ToHaveCountAsync(12);
        Assert.Empty(tab.UncaughtErrors);
    }

    /// <summary>
    /// A case past its deadline in each street (the simulator is off: nothing else is written), every other one closed,
    /// and waits until the projection ranks all twelve streets.
    /// </summary>
    private static async Task PostOneDueCasePerStreetAsync(HttpClient admin)
    {
        var streets = (await admin.GetJsonAsync($"/api/units/{District}")).GetProperty("children").EnumerateArray().Select(street => street.GetProperty("id").GetString()!).ToList();
        for (var i = 0; i < streets.Count; i++)
        {
            var worker = (await admin.GetJsonAsync($"/api/units/{streets[i]}/workers"))[0];
            var caseId = Api.UniqueId("desk-case");
            var newCase = Api.Case(caseId, worker.GetProperty("gridId").GetString()!, worker.GetProperty("id").GetString()!);
            newCase["deadline"] = Api.Time(Api.RecentTime.AddSeconds(-30));
            await AcceptedAsync(admin, "/api/cases", newCase);
            if (i % 2 == 0)
            {
                await AcceptedAsync(admin, $"/api/cases/{caseId}/actions", Api.Action(Api.UniqueId("desk-dispatch"), "dispatch", handler: "网格中心"));
                await AcceptedAsync(admin, $"/api/cases/{caseId}/actions", Api.Action(Api.UniqueId("desk-resolve"), "resolve"));
                await AcceptedAsync(admin, $"/api/cases/{caseId}/actions", Api.Action(Api.UniqueId("desk-close"), "close"));
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await admin.GetJsonAsync($"/api/units/{District}/evaluation")).GetProperty("children").EnumerateArray()
               .Any(child => child.GetProperty("rank").ValueKind == System.Text.Json.JsonValueKind.Null))
        {
            Assert.True(DateTime.UtcNow < deadline, "the projection did not rank every street within 30 s");
            await Task.Delay(100);
        }
    }

    private static async Task AcceptedAsync(HttpClient client, string path, System.Text.Json.Nodes.JsonObject body)
    {
        using var response = await client.PostJsonAsync(path, body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
