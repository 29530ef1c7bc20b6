using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Onboarding in bulk (issue 13, section 2) as an administrator does it: from <c>/admin</c> to a street's page, a
/// confirmation, and the A4 sheet of its workers' cards, each with a QR code of a link that works; saved as screenshots
/// (screen and print media) and as a PDF.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
public sealed partial class OnboardingPageTests(Chromium chromium, DemoServer server, ITestOutputHelper output) : IClassFixture<DemoServer>
{
    /// <summary>长江路街道: 45 workers, five A4 pages of cards.</summary>
    private const string Street = "changjianglu";

    [Fact]
    public async Task An_administrator_prints_a_streets_sheet_with_one_QR_code_per_worker_whose_links_work()
    {
        // Arrange
        var workers = (await server.Client.GetJsonAsync($"/api/units/{Street}/workers")).EnumerateArray()
            .Select(worker => worker.GetProperty("id").GetString()!).ToList();
        await using var tab = await BrowserTab.OpenAsync(chromium, server.Address, output);
        await tab.Page.GotoAsync((await server.IssueSignInLinkAsync("admin")).ToString());
        await tab.Page.GotoAsync("/admin");
        await tab.Page.Locator("#onboarding-link").ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/onboarding/{Reports.District}$"));
        await tab.Page.Locator("#unit").SelectOptionAsync(Street);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"/onboarding/{Street}$"));
        await Expect(tab.Page.Locator("#onboarding-summary")).ToContainTextAsync($"{workers.Count} 名网格员");
        string? confirmation = null;
        tab.Page.Dialog += async (_, dialog) =>
        {
            confirmation = dialog.Message;
            await dialog.AcceptAsync();
        };

        // Act
        await tab.Page.Locator("#issue").ClickAsync();

        // Assert
        var cards = tab.Page.Locator("#worker-cards .card.worker");
        await Expect(cards).ToHaveCountAsync(workers.Count, new() { Timeout = 30_000 });
        Assert.Contains($"{workers.Count} 名网格员", confirmation, StringComparison.Ordinal);
        Assert.Equal(workers, await cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.workerId)"));
        var drawnCodes = await tab.Page.Locator("#worker-cards .card img.qr")
            .EvaluateAllAsync<int>("images => images.filter(image => image.complete && image.naturalWidth > 0).length");
        Assert.Equal(workers.Count, drawnCodes);
        foreach (var card in new[] { cards.First, cards.Last })
        {
            await AssertLinkSignsInAsync(card);
        }

        await Expect(tab.Page.Locator("#print")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("screen");
        await tab.Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(tab.Page.Locator("#onboarding-form")).ToBeHiddenAsync();
        await tab.ScreenshotAsync("print");
        var pdf = await tab.Page.PdfAsync(new() { Path = Path.Combine(BrowserTab.ScreenshotDirectory, $"{nameof(OnboardingPageTests)}.sheet.pdf"), Format = "A4" });
        Assert.True(PdfPages().Count(System.Text.Encoding.Latin1.GetString(pdf)) >= 2, "the sheet of 45 cards printed on one page");
        Assert.Empty(tab.UncaughtErrors);
    }

    /// <summary>The card's link is a reporting page's whose token is that worker's.</summary>
    private async Task AssertLinkSignsInAsync(ILocator card)
    {
        var url = await card.Locator(".card-url").TextContentAsync() ?? "";
        Assert.StartsWith(new Uri(server.Address, "/report#token=gpt_").ToString(), url, StringComparison.Ordinal);
        Assert.Equal(url, await card.Locator("img.qr").GetAttributeAsync("alt"));
        using var phone = new HttpClient { BaseAddress = server.Address };
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var me = await phone.GetJsonAsync("/api/me");
        Assert.Equal(await card.GetAttributeAsync("data-worker-id"), me.GetProperty("workerId").GetString());
    }

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPages();
}
