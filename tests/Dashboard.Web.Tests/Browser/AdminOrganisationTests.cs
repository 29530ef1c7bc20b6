using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The organisation managed from <c>/admin</c> (issue 13, section 1) as an administrator does it: a roster (花名册) of a
/// new street imported from an .xlsx file (dry run, then 确认导入), the street in the tree, a grid moved to another
/// community, a worker retired; screenshots in Chinese and in English.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class AdminOrganisationTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>, IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task An_administrator_imports_a_new_streets_roster_moves_a_grid_and_retires_a_worker()
    {
        // Arrange
        var roster = WriteRoster(
            ("珠山街道", "珠山第一社区", "第一网格", "王强", "zs0001", "13900000001"),
            ("珠山街道", "珠山第一社区", "第一网格", "李娜", "zs0002", null),
            ("珠山街道", "珠山第一社区", "第二网格", "赵敏", "zs0003", null),
            ("珠山街道", "珠山第二社区", "第一网格", "孙丽", "zs0004", null));
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());
        await tab.Page.GotoAsync("/admin");
        await Expect(tab.Page.Locator("#organisation-tree [data-unit-id=\"xihaian\"]")).ToBeVisibleAsync();

        // Act: the dry run, then the import.
        await tab.Page.Locator("#roster-file").SetInputFilesAsync(roster);
        await tab.Page.Locator("#roster-check").ClickAsync();
        await Expect(tab.Page.Locator("#roster-result")).ToContainTextAsync("新增街道 1 个、社区 2 个、网格 3 个、网格员 4 名");
        await tab.ScreenshotAsync("dry-run");
        await tab.Page.Locator("#roster-apply").ClickAsync();

        // Assert: the street and its workers in the tree and in the API.
        await Expect(tab.Page.Locator("#roster-result")).ToContainTextAsync("导入完成");
        var street = tab.Page.Locator("[data-unit-id=\"s01\"]");
        await Expect(street.Locator("> details > summary .unit-name")).ToHaveTextAsync("珠山街道");
        await street.Locator("> details > summary").ClickAsync();
        await Expect(street.Locator("> details > summary .unit-count")).ToHaveTextAsync("4 名网格员");
        var organisation = await server.Client.GetJsonAsync("/api/organisation");
        Assert.Contains(organisation.GetProperty("root").GetProperty("children").EnumerateArray(), unit => unit.GetProperty("id").GetString() == "s01");

        // Act: move 第二社区's grid to 第一社区.
        var second = street.Locator("[data-unit-id=\"s01-c02\"]");
        await second.Locator("> details > summary").ClickAsync();
        var grid = second.Locator("[data-unit-id=\"s01-c02-g1\"]");
        await grid.Locator("> details > summary").ClickAsync();
        await grid.Locator("> details > .org-actions button", new() { HasText = "移动到…" }).ClickAsync();
        await grid.Locator("select[name=parentId]").SelectOptionAsync("s01-c01");
        await grid.Locator("button[type=submit]").ClickAsync();

        // Assert
        var first = street.Locator("[data-unit-id=\"s01-c01\"]");
        await first.Locator("> details > summary").ClickAsync();
        await Expect(first.Locator("[data-unit-id=\"s01-c02-g1\"]")).ToBeVisibleAsync();
        await Expect(first.Locator("> details > summary .unit-count")).ToHaveTextAsync("4 名网格员");
        await Expect(tab.Page.Locator("#changes-list .change").First).ToContainTextAsync("移动单位");

        // Act: retire 李娜.
        var moved = first.Locator("[data-unit-id=\"s01-c01-g1\"]");
        await moved.Locator("> details > summary").ClickAsync();
        tab.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await moved.Locator("[data-worker-id=\"zs0002\"] button", new() { HasText = "离职" }).ClickAsync();

        // Assert
        await Expect(moved.Locator("[data-worker-id=\"zs0002\"]")).ToHaveAttributeAsync("data-retired", "true");
        await Expect(street.Locator("> details > summary .unit-count")).ToHaveTextAsync("3 名网格员");

        // Act: a worker whose 工号 is taken; the refusal shows next to the form, from the keyboard alone.
        await moved.Locator("> details > .org-actions button", new() { HasText = "添加网格员" }).ClickAsync();
        await tab.Page.Keyboard.TypeAsync("zs0001");
        await tab.Page.Keyboard.PressAsync("Tab");
        await tab.Page.Keyboard.TypeAsync("周杰");
        await tab.Page.Keyboard.PressAsync("Enter");

        // Assert
        await Expect(moved.Locator(".org-edit .message")).ToContainTextAsync("zs0001");
        await Expect(moved.Locator(".org-workers > li")).ToHaveCountAsync(2);
        await tab.ScreenshotAsync("zh");
        Assert.Empty(tab.UncaughtErrors);

        await tab.Page.GotoAsync("/admin?lang=en");
        await Expect(tab.Page.Locator("#organisation-heading")).ToHaveTextAsync("Organisation");
        await tab.Page.Locator("[data-unit-id=\"s01\"] > details > summary").ClickAsync();
        await Expect(tab.Page.Locator("[data-unit-id=\"s01\"] > details > summary .unit-count")).ToHaveTextAsync("3 workers");
        await tab.ScreenshotAsync("en");
    }

    [Fact]
    public async Task A_roster_with_problems_shows_them_by_row_and_column_and_offers_no_import()
    {
        var roster = WriteRoster(
            ("黄岛街道", "黄岛街道第一社区", "第一网格", "王强", "bad no", null),
            ("黄岛街道", "", "第一网格", "李娜", "hd9002", "123"));
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());
        await tab.Page.GotoAsync("/admin?lang=en");

        await tab.Page.Locator("#roster-file").SetInputFilesAsync(roster);
        await tab.Page.Locator("#roster-check").ClickAsync();

        var rows = tab.Page.Locator("#roster-result table.roster-problems tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("2工号");
        await Expect(rows.Nth(1)).ToContainTextAsync("3社区");
        await Expect(tab.Page.Locator("#roster-apply")).ToHaveCountAsync(0);
        await tab.ScreenshotAsync("problems");
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task The_export_button_downloads_the_district_as_a_roster_workbook_with_English_headers_in_English()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());
        await tab.Page.GotoAsync("/admin?lang=en");

        var (name, bytes) = await tab.DownloadAsync("#roster-xlsx");

        Assert.Equal("青岛西海岸新区-roster.xlsx", name);
        using var workbook = new MemoryStream(bytes);
        var first = MiniExcel.Query(workbook, useHeaderRow: true).Cast<IDictionary<string, object>>().First();
        Assert.Equal(("黄岛街道", "w00001"), (first["street"], first["employeeNo"]));
    }

    public void Dispose() => _directory.Dispose();

    private string WriteRoster(params (string Street, string Community, string Grid, string Name, string No, string? Phone)[] rows)
    {
        var path = Path.Combine(_directory.Path, $"roster-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, rows.Select(row => new Dictionary<string, object?>
        {
            ["街道"] = row.Street, ["社区"] = row.Community, ["网格"] = row.Grid, ["网格员姓名"] = row.Name, ["工号"] = row.No, ["手机号"] = row.Phone,
        }));
        return path;
    }
}
