using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>The Orleans dashboard at /admin/orleans/ with Orleans' diagnostics on: the co-hosted silo's state, for administrators only.</summary>
public sealed class OrleansDashboardTests(OrleansDashboardTests.DiagnosticsOn app) : IClassFixture<OrleansDashboardTests.DiagnosticsOn>
{
    [Fact]
    public async Task An_administrator_gets_the_dashboard_and_the_silos_counters()
    {
        // Act: the dashboard gathers its counters once a second from its first query on.
        using var page = await app.Client.GetAsync("/admin/orleans/");
        var counters = await PollAsync(() => app.Client.GetJsonAsync("/admin/orleans/DashboardCounters"), c => c.GetProperty("totalActiveHostCount").GetInt32() > 0);

        // Assert: the page, under its own policy, and the numbers it polls: this process's one silo, with activations.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.OrleansDashboardPolicy, string.Join(", ", page.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(1, counters.GetProperty("totalActiveHostCount").GetInt32());
        Assert.True(counters.GetProperty("totalActivationCount").GetInt32() > 0);
    }

    [Fact]
    public async Task The_address_without_the_trailing_slash_leads_to_the_dashboard()
    {
        using var client = app.App.CreateClientFor(app.App.AdminToken);

        using var redirect = await client.GetAsync("/admin/orleans");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/admin/orleans/", redirect.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Anyone_but_an_administrator_is_refused()
    {
        // Arrange
        using var anonymous = app.App.CreateClient(new() { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var leader = app.App.CreateClient();
        leader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.App.CreateAccountWithTokenAsync("leader-o", "leader", unitId: "t-d"));

        // Act
        using var signIn = await anonymous.GetAsync("/admin/orleans/");
        using var refused = await leader.GetAsync("/admin/orleans/DashboardCounters");

        // Assert: a browser is sent to sign in; a leader is refused.
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/signin", signIn.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_orleans_diagnostics_there_is_no_dashboard()
    {
        using var directory = new TestDirectory();
        await using var plain = directory.StartApp();

        using var missing = await plain.CreateClient().GetAsync("/admin/orleans/");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var last = await read();
        while (!done(last) && await tick.WaitForNextTickAsync(deadline.Token))
        {
            last = await read();
        }

        return last;
    }

    /// <summary>One app per class with Orleans' diagnostics on.</summary>
    public sealed class DiagnosticsOn : AppFixture
    {
        protected override IReadOnlyDictionary<string, string>? Settings { get; } =
            new Dictionary<string, string> { ["Operations:OrleansDiagnostics"] = "true" };
    }
}
