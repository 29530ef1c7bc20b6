using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Security;

/// <summary>Every page works under the content security policy: no inline script or style is refused (issue 5).</summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed class ContentSecurityPolicyTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    private const string Password = "网格化基层治理-2026";

    // Runs before the page's own scripts, outside the policy, and reports what the browser refused.
    private const string ViolationListener =
        "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));";

    [Fact]
    public async Task The_sign_in_page_the_wall_the_report_page_the_admin_page_and_the_orleans_dashboard_run_without_a_policy_violation()
    {
        // Arrange
        using (var set = await server.Client.PostJsonAsync("/api/accounts/admin/password", new JsonObject { ["password"] = Password }))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        var (_, workerToken) = await server.IssueTokenAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        var violations = new ConcurrentQueue<string>();
        tab.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Enqueue(message.Text);
            }
        };
        await tab.Page.AddInitScriptAsync(ViolationListener);

        // Act: each page until it has drawn what it shows.
        await tab.Page.GotoAsync("/signin");
        await Expect(tab.Page.Locator("#signin-submit")).ToBeVisibleAsync();
        await WallPage.SignInWithDisplayLinkAsync(tab.Page, server);
        await WallPage.ShowsAsync(tab.Page, Reports.District);
        await tab.ScreenshotAsync("wall");
        await tab.Page.GotoAsync($"/report#token={workerToken}");
        await Expect(tab.Page.Locator("#identity")).ToHaveAttributeAsync("data-state", "known");
        await tab.ScreenshotAsync("report");
        await SignInAsAdministratorAsync(tab.Page);
        await tab.Page.ClickAsync("#orleans-link");
        await tab.Page.WaitForURLAsync("**/admin/orleans/");
        await Expect(tab.Page.GetByText("Total Activations").First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("orleans-dashboard");

        // Assert
        Assert.True(violations.IsEmpty, "refused by the policy:\n" + string.Join('\n', violations));
        Assert.Empty(tab.UncaughtErrors);
    }

    private static async Task SignInAsAdministratorAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#account-id", "admin");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync("**/admin");
        await Expect(page.Locator("#accounts-body tr").First).ToBeVisibleAsync();
    }
}
