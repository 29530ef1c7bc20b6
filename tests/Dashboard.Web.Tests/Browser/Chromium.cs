using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// One headless Debian chromium (<c>/usr/bin/chromium</c>, installed by test.sh) shared by every browser test.
/// Playwright only drives it: no browser is ever downloaded.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>The browser binary; <c>GRIDPULSE_CHROMIUM</c> overrides it, as in test.sh.</summary>
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("GRIDPULSE_CHROMIUM") is { Length: > 0 } path
        ? path
        : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"chromium is missing at {ExecutablePath}: run ./test.sh, which installs it (apt-get install -y chromium fonts-noto-cjk).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>
/// The browser tests share one chromium and run alone, after the other tests: a wall that must update within
/// 2 seconds is not measured on a machine busy with the crash tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTestsDefinition : ICollectionFixture<Chromium>
{
    public const string Name = "Browser";
}
