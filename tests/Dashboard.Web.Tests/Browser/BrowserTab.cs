using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// A page in its own browser context (fresh storage, 1920x1080, Chinese locale, Shanghai time) against one server.
/// On dispose it saves a screenshot of the page into <see cref="ScreenshotDirectory"/>, whether the test passed or
/// not, and writes the page's console errors and failed requests to the test output.
/// </summary>
public sealed class BrowserTab : IAsyncDisposable
{
    /// <summary>Where the screenshots go: <c>TestResults/screenshots</c> next to the test assembly.</summary>
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private readonly ITestOutputHelper _output;
    private readonly string _name;
    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserTab(IBrowserContext context, IPage page, ITestOutputHelper output, string name)
    {
        Context = context;
        Page = page;
        _output = output;
        _name = name;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => UncaughtErrors.Enqueue(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _errors.Enqueue($"{response.Status} {response.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Exceptions the page's scripts threw and nobody caught.</summary>
    public ConcurrentQueue<string> UncaughtErrors { get; } = new();

    /// <summary>Opens a tab; the calling test class and test name its screenshots.</summary>
    public static async Task<BrowserTab> OpenAsync(
        Chromium chromium,
        Uri server,
        ITestOutputHelper output,
        ViewportSize? viewport = null,
        [CallerMemberName] string testName = "",
        [CallerFilePath] string testFile = "")
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = server.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1920, Height = 1080 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        var page = await context.NewPageAsync();
        return new BrowserTab(context, page, output, $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}");
    }

    /// <summary>Saves a screenshot of the page now, named after the test and <paramref name="moment"/>.</summary>
    public async Task ScreenshotAsync(string? moment = null)
    {
        try
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            var path = Path.Combine(ScreenshotDirectory, moment is null ? $"{_name}.png" : $"{_name}.{moment}.png");
            await Page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 10_000 });
            _output.WriteLine($"screenshot: {path}");
        }
        catch (PlaywrightException e)
        {
            _output.WriteLine($"no screenshot: {e.Message}");
        }
    }

    /// <summary>Clicks <paramref name="link"/> and answers the file it downloads: the name the server gives it and its bytes.</summary>
    public async Task<(string Name, byte[] Bytes)> DownloadAsync(string link)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator(link).ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return (download.SuggestedFilename, copy.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await ScreenshotAsync();

        foreach (var error in _errors.Concat(UncaughtErrors.Select(e => $"uncaught: {e}")))
        {
            _output.WriteLine(error);
        }

        await Context.CloseAsync();
    }
}
