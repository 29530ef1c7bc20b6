using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>The built app's first start on an empty data directory: the way in it prints, and the admin token from the environment.</summary>
public sealed partial class FirstRunTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task The_first_start_prints_a_one_time_admin_link_that_signs_in_once_and_a_restart_prints_none()
    {
        // Arrange
        Uri link;
        await using (var app = await StartAsync())
        {
            link = new Uri(Assert.Single(LinksIn(app.Output, SignInLink())));
            using var browser = Browser(app);
            using var other = Browser(app);

            // Act
            using var first = await browser.GetAsync(link);
            using var second = await other.GetAsync(link);
            using var accounts = await browser.GetAsync("/api/accounts");

            // Assert
            Assert.Equal("/admin", first.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
            Assert.Equal("/signin?error=link", second.Headers.Location?.OriginalString);
            Assert.Contains(app.Output, line => line.Contains("管理员一次性登录链接", StringComparison.Ordinal));
            Assert.Contains(app.Output, line => line.Contains("one-time sign-in link", StringComparison.Ordinal));
        }

        await using var restarted = await StartAsync();
        Assert.Empty(LinksIn(restarted.Output, SignInLink()));
        Assert.Contains(restarted.Output, line => line.Contains($"{restarted.Address}admin", StringComparison.Ordinal));
        using var usedAgain = await Browser(restarted).GetAsync(link.PathAndQuery);
        Assert.Equal("/signin?error=link", usedAgain.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task GRIDPULSE_ADMIN_TOKEN_authenticates_as_the_administrator()
    {
        await using var app = await StartAsync();

        var me = await app.Client.GetJsonAsync("/api/me");
        using var accounts = await app.Client.GetAsync("/api/accounts");

        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
    }

    [Fact]
    public async Task The_demo_prints_its_leaders_workers_and_displays_ways_in_and_each_works()
    {
        // Arrange
        await using var app = await StartAsync("--demo", "--Simulator:HistoryDays=0");
        var signInLinks = LinksIn(app.Output, SignInLink());
        var report = new Uri(Assert.Single(LinksIn(app.Output, ReportLink())));
        var display = new Uri(Assert.Single(LinksIn(app.Output, DisplayLink())));
        using var leader = Browser(app);
        using var wall = Browser(app);
        using var phone = new HttpClient { BaseAddress = app.Address };
        phone.DefaultRequestHeaders.Authorization = new("Bearer", report.Fragment["#token=".Length..]);

        // Act
        using var leaderSignIn = await leader.GetAsync(signInLinks[1]);
        using var wallSignIn = await wall.GetAsync(display);
        var worker = await phone.GetJsonAsync("/api/me");

        // Assert
        Assert.Equal(2, signInLinks.Count);
        Assert.Equal("/wall/huangdao", leaderSignIn.Headers.Location?.OriginalString);
        Assert.Equal("/wall/xihaian", wallSignIn.Headers.Location?.OriginalString);
        Assert.Equal("w00001", worker.GetProperty("workerId").GetString());
        Assert.Equal("/report", report.AbsolutePath);
        Assert.Contains(app.Output, line => line.Contains("演示大屏", StringComparison.Ordinal));
        Assert.Contains(app.Output, line => line.Contains("Demo wall display", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_start_prints_one_block_with_the_ways_in_the_operators_pages_and_the_address_and_no_framework_routine()
    {
        // Act
        await using var app = await StartAsync("--demo", "--Simulator:HistoryDays=0");

        // Assert: from the rule that opens the block to the address, everything a newcomer needs, nothing else between.
        var output = app.Output.ToList();
        var address = output.FindIndex(line => line.StartsWith("GridPulse 已启动: ", StringComparison.Ordinal));
        var opening = output.FindLastIndex(address, line => line.Length > 0 && line.All(c => c == '─'));
        var block = output[opening..(address + 1)];
        Assert.Equal($"GridPulse 已启动: {app.Address}", block[^1]);
        Assert.Contains(block, line => line.StartsWith("管理员一次性登录链接", StringComparison.Ordinal));
        Assert.Contains(block, line => line.StartsWith("演示大屏", StringComparison.Ordinal));
        Assert.Contains(block, line => line.Contains($"{app.Address}admin/orleans/", StringComparison.Ordinal)
            && line.Contains($"{app.Address}metrics", StringComparison.Ordinal) && line.Contains($"{app.Address}openapi/v1.json", StringComparison.Ordinal));
        Assert.DoesNotContain(block, line => line.StartsWith("info:", StringComparison.Ordinal) || line.StartsWith("warn:", StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();

    // On the test organisation unless the arguments ask for the demo; the simulator off.
    private Task<AppProcess> StartAsync(params string[] arguments)
    {
        string[] organisation = arguments.Contains("--demo") ? [] : ["--org", _directory.OrganisationFile];
        return AppProcess.StartAsync(["--data", _directory.DataDirectory, "--simulate", "0", .. organisation, .. arguments]);
    }

    // A browser: keeps its cookies, does not follow redirects, carries no token.
    private static HttpClient Browser(AppProcess app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.Address };

    // Every link is printed twice, on a Chinese line and on the English line below it.
    private static List<string> LinksIn(IEnumerable<string> output, Regex pattern) =>
        [.. output.Select(line => pattern.Match(line)).Where(match => match.Success).Select(match => match.Value).Distinct()];

    [GeneratedRegex(@"http://\S+/signin/link/gpl_[A-Za-z0-9_-]{43}")]
    private static partial Regex SignInLink();

    [GeneratedRegex(@"http://\S+/report#token=gpt_[A-Za-z0-9_-]{43}")]
    private static partial Regex ReportLink();

    [GeneratedRegex(@"http://\S+/display/gpd_[A-Za-z0-9_-]{43}")]
    private static partial Regex DisplayLink();
}
