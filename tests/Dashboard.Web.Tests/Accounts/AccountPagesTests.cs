using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>The sign-in and admin pages in chromium, against the built app on the test organisation.</summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class AccountPagesTests(Chromium chromium, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Password = "correct horse battery";

    private readonly TestDirectory _directory = new();
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AppProcess.StartAsync("--data", _directory.DataDirectory, "--org", _directory.OrganisationFile, "--simulate", "0");
        using var set = await _app.Client.PostJsonAsync("/api/accounts/admin/password", new JsonObject { ["password"] = Password });
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_page_and_the_right_one_opens_the_admin_page()
    {
        // Arrange
        await using var tab = await BrowserTab.OpenAsync(chromium, _app.Address, output);
        await tab.Page.GotoAsync("/admin");
        await tab.Page.WaitForURLAsync("**/signin?returnUrl=%2Fadmin");

        // Act
        await tab.Page.FillAsync("#account-id", "admin");
        await tab.Page.FillAsync("#password", "not the password");
        await tab.Page.ClickAsync("#signin-submit");
        await Assertions.Expect(tab.Page.Locator("#signin-message")).ToContainTextAsync("账号或密码不正确");
        await tab.ScreenshotAsync("refused");
        await tab.Page.FillAsync("#password", Password);
        await tab.Page.ClickAsync("#signin-submit");

        // Assert
        await tab.Page.WaitForURLAsync("**/admin");
        await Assertions.Expect(tab.Page.Locator("#accounts-body tr")).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Page.Locator("#me")).ToContainTextAsync("admin");
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task Wrong_passwords_lock_an_account_the_page_says_so_and_an_administrator_unlocks_it_on_the_admin_page()
    {
        // Arrange: a leader with a password, guessed at on the English sign-in page.
        using (var created = await _app.Client.PostJsonAsync("/api/accounts", new JsonObject
        {
            ["id"] = "boss", ["name"] = "街道书记", ["role"] = "leader", ["unitId"] = "t-s1", ["password"] = Password,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var guesser = await BrowserTab.OpenAsync(chromium, _app.Address, output);
        await using var admin = await BrowserTab.OpenAsync(chromium, _app.Address, output);
        await guesser.Page.GotoAsync("/signin?lang=en");
        await guesser.Page.FillAsync("#account-id", "boss");
        for (var i = 1; i < 5; i++)
        {
            await guesser.Page.FillAsync("#password", $"guess {i}");
            await guesser.Page.ClickAsync("#signin-submit");
            await Assertions.Expect(guesser.Page.Locator("#signin-message")).ToContainTextAsync("Wrong account or password");
            await Assertions.Expect(guesser.Page.Locator("#signin-submit")).ToBeEnabledAsync();
        }

        // Act
        await guesser.Page.FillAsync("#password", "guess 5");
        await guesser.Page.ClickAsync("#signin-submit");
        await Assertions.Expect(guesser.Page.Locator("#signin-message")).ToContainTextAsync("this account is locked for now. Try again in 15 minutes");
        await guesser.ScreenshotAsync("locked");
        await SignInAsync(admin.Page, accounts: 2);
        await admin.Page.Locator("#accounts-body tr", new() { HasText = "boss" }).GetByRole(AriaRole.Button, new() { Name = "解除登录锁定" }).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#accounts-message")).ToContainTextAsync("已解除账号 boss 的登录锁定");
        await admin.ScreenshotAsync("unlocked");
        await guesser.Page.FillAsync("#password", Password);
        await guesser.Page.ClickAsync("#signin-submit");

        // Assert
        await guesser.Page.WaitForURLAsync("**/wall/t-s1**");
        Assert.Empty(guesser.UncaughtErrors);
        Assert.Empty(admin.UncaughtErrors);
    }

    [Fact]
    public async Task An_administrator_creates_a_display_on_the_page_issues_its_link_once_and_revokes_it()
    {
        // Arrange
        await using var tab = await BrowserTab.OpenAsync(chromium, _app.Address, output);
        await SignInAsync(tab.Page);

        // Act
        await tab.Page.SelectOptionAsync("#create-role", "display");
        await tab.Page.FillAsync("#create-name", "第一街道指挥中心大屏");
        await tab.Page.FillAsync("#create-id", "wall-s1");
        await tab.Page.FillAsync("#create-unit", "t-s1");
        await tab.Page.ClickAsync("#create-form button[type=submit]");
        var row = tab.Page.Locator("#accounts-body tr", new() { HasText = "wall-s1" });
        await row.GetByRole(AriaRole.Button, new() { Name = "大屏链接" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#issued")).ToBeVisibleAsync();
        var link = await tab.Page.InputValueAsync("#issued-secret");
        await row.GetByRole(AriaRole.Button, new() { Name = "凭据" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("#credentials-body tr[data-state=active]")).ToHaveCountAsync(1);
        await tab.ScreenshotAsync("issued");
        tab.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await tab.Page.ClickAsync("#credentials-body button.danger");

        // Assert
        await Assertions.Expect(tab.Page.Locator("#credentials-body tr[data-state=revoked]")).ToHaveCountAsync(1);
        Assert.StartsWith($"{_app.Address}display/gpd_", link, StringComparison.Ordinal);
        using var wall = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var opened = await wall.GetAsync(link);
        Assert.Equal("/signin?error=display", opened.Headers.Location?.OriginalString);
        Assert.Empty(tab.UncaughtErrors);
    }

    [Fact]
    public async Task The_sign_in_page_speaks_english_with_lang_en_and_says_when_a_link_was_used()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium, _app.Address, output);

        await tab.Page.GotoAsync("/signin?lang=en&error=link");

        await Assertions.Expect(tab.Page.Locator("#signin-submit")).ToHaveTextAsync("Sign in");
        await Assertions.Expect(tab.Page.Locator("#signin-notice")).ToContainTextAsync("already used");
        Assert.Empty(tab.UncaughtErrors);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    private static async Task SignInAsync(IPage page, int accounts = 1)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#account-id", "admin");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync("**/admin");
        await Assertions.Expect(page.Locator("#accounts-body tr")).ToHaveCountAsync(accounts);
    }
}
