using System.Net;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;
using TestSupport;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>
/// Two web nodes on one PostgreSQL store (issue 11), each on its own data directory: what one node makes of accounts
/// and credentials works on the other at once, and what one revokes or takes the other refuses.
/// </summary>
public sealed class AccountsAcrossNodesTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestDirectory _first = new();
    private readonly TestDirectory _second = new();
    private readonly Dictionary<string, string> _store = new()
    {
        ["ConnectionStrings:GridPulse"] = TestPostgres.ConnectionStringFor(Guid.NewGuid().ToString("N")),
    };

    [Fact]
    public async Task A_token_and_a_password_session_made_on_one_node_sign_in_on_the_other_until_the_session_signs_out()
    {
        // Arrange
        await using var first = _first.StartApp(settings: _store);
        await using var second = _second.StartApp(settings: _store);
        var token = await first.CreateAccountWithTokenAsync("t-w1", Roles.Worker, workerId: "t-w1");
        await first.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, "correct horse battery"));
        using var browser = first.CreateAnonymousClient();
        using var signedIn = await SignInTests.PostSignInAsync(browser, await browser.GetJsonAsync("/api/antiforgery"), "boss", "correct horse battery");
        using var secondBrowser = second.CreateAnonymousClient();
        secondBrowser.DefaultRequestHeaders.Add("Cookie", SignInTests.CookieOf(signedIn));

        // Act
        using var workerClient = second.CreateClientFor(token);
        var worker = await workerClient.GetJsonAsync("/api/me");
        var leader = await secondBrowser.GetJsonAsync("/api/me");
        using var signOut = await browser.PostAsync("/signout", content: null);

        // Assert
        Assert.Equal("t-w1", worker.GetProperty("id").GetString());
        Assert.Equal("boss", leader.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var afterSignOut = await secondBrowser.GetAsync("/api/me");
            return afterSignOut.StatusCode == HttpStatusCode.Unauthorized;
        });
    }

    [Fact]
    public async Task A_token_revoked_on_one_node_closes_its_live_connection_on_the_other_which_refuses_it_from_then_on()
    {
        // Arrange
        await using var first = _first.StartApp(settings: _store);
        await using var second = _second.StartApp(settings: _store);
        var token = await first.CreateAccountWithTokenAsync("t-w1", Roles.Worker, workerId: "t-w1");
        var credentialId = (await first.Accounts.CredentialsOfAsync("t-w1")).Single().Id;
        using var worker = second.CreateClientFor(token);
        using var before = await worker.GetAsync("/api/me");
        await using var hub = await HubTestClient.ConnectAsync(second, token);

        // Act
        using var admin = first.CreateClient();
        using var revoked = await admin.DeleteAsync($"/api/credentials/{credentialId}");
        await hub.Closed.WaitAsync(Patience);

        // Assert
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await worker.GetAsync("/api/me");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_sign_in_link_taken_on_one_node_is_refused_on_the_other()
    {
        // Arrange: the second node holds the link as untaken and does not hear that it is taken, so only the database
        // can refuse it there.
        await using var first = _first.StartApp(settings: _store);
        await using var second = _second.StartApp(
            services => services.Remove(services.Single(service => service.ImplementationType == typeof(AccountChangeFollower))), _store);
        await first.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, null));
        var link = await first.Accounts.IssueAsync("boss", CredentialKind.SignInLink, lifetime: TimeSpan.FromHours(24));
        Assert.True(await second.Accounts.IsActiveAsync(link.Credential.Id));
        using var browser = first.CreateAnonymousClient();
        using var other = second.CreateAnonymousClient();

        // Act
        using var taken = await browser.GetAsync($"/signin/link/{link.Secret}");
        using var again = await other.GetAsync($"/signin/link/{link.Secret}");

        // Assert
        Assert.Equal("/wall/t-s1", taken.Headers.Location?.OriginalString);
        Assert.Equal("/signin?error=link", again.Headers.Location?.OriginalString);
        using var refused = await other.GetAsync("/api/me");
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
