using System.Net;
using System.Text.Json;
using Dashboard.Web.Accounts;
using Dashboard.Web.Live;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>How callers authenticate: bearer tokens, the admin token, the password form, one-time links and display links.</summary>
public sealed class SignInTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestDirectory _directory = new();

    [Theory]
    [InlineData("/api/units")]
    [InlineData("/api/units/t-d/metrics")]
    [InlineData("/api/accounts")]
    [InlineData("/api/me")]
    [InlineData("/hubs/metrics/negotiate?negotiateVersion=1")]
    public async Task An_anonymous_call_of_the_api_or_hub_answers_401_as_a_problem_not_a_redirect(string path)
    {
        await using var app = Start();
        using var anonymous = app.CreateAnonymousClient();

        using var response = path.StartsWith("/hubs", StringComparison.Ordinal)
            ? await anonymous.PostAsync(path, content: null)
            : await anonymous.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/", "/signin?returnUrl=%2F")]
    [InlineData("/wall/t-s1", "/signin?returnUrl=%2Fwall%2Ft-s1")]
    [InlineData("/admin", "/signin?returnUrl=%2Fadmin")]
    [InlineData("/cases", "/signin?returnUrl=%2Fcases")]
    public async Task An_anonymous_browser_is_sent_from_a_page_to_the_sign_in_page(string page, string signIn)
    {
        await using var app = Start();
        using var anonymous = app.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(signIn, response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/report")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/css/account.css")]
    [InlineData("/js/account/signin.js")]
    public async Task The_sign_in_page_the_report_page_health_and_static_files_need_no_sign_in(string path)
    {
        await using var app = Start();
        using var anonymous = app.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_workers_token_authenticates_until_it_is_revoked()
    {
        // Arrange
        await using var app = Start();
        var token = await app.CreateAccountWithTokenAsync("t-w1", Roles.Worker, workerId: "t-w1");
        using var worker = app.CreateClientFor(token);
        var me = await worker.GetJsonAsync("/api/me");
        var credentialId = (await app.Accounts.CredentialsOfAsync("t-w1")).Single().Id;

        // Act
        await app.Accounts.RevokeAsync(credentialId);
        using var afterRevocation = await worker.GetAsync("/api/me");

        // Assert
        Assert.Equal("t-w1", me.GetProperty("id").GetString());
        Assert.Equal("worker", me.GetProperty("role").GetString());
        Assert.Equal("t-g1", me.GetProperty("unitId").GetString());
        Assert.Equal("t-w1", me.GetProperty("workerId").GetString());
        await afterRevocation.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_token_answers_401_and_the_configured_admin_token_is_an_administrator()
    {
        await using var app = Start();
        using var stranger = app.CreateClientFor("gpt_" + new string('A', 43));
        using var admin = app.CreateClientFor(app.AdminToken);

        using var refused = await stranger.GetAsync("/api/units");
        var me = await admin.GetJsonAsync("/api/me");

        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_password_post_without_the_antiforgery_token_is_refused()
    {
        await using var app = Start();
        await app.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, "correct horse battery"));
        using var browser = app.CreateAnonymousClient();

        using var response = await browser.PostAsync("/signin", Form("boss", "correct horse battery"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_leader_signs_in_with_a_password_and_the_antiforgery_token_and_lands_on_their_wall()
    {
        // Arrange
        await using var app = Start();
        await app.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, "correct horse battery"));
        using var browser = app.CreateAnonymousClient();
        var antiforgery = await browser.GetJsonAsync("/api/antiforgery");

        // Act
        using var wrong = await PostSignInAsync(browser, antiforgery, "boss", "wrong password");
        using var right = await PostSignInAsync(browser, antiforgery, "boss", "correct horse battery");

        // Assert
        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("/wall/t-s1", (await right.ReadJsonAsync()).GetProperty("location").GetString());
        var cookie = SetCookieOf(right);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("boss", (await browser.GetJsonAsync("/api/me")).GetProperty("id").GetString());
        using var page = await browser.GetAsync("/wall/t-s1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Signing_out_revokes_the_session_so_its_cookie_no_longer_works()
    {
        // Arrange
        await using var app = Start();
        await app.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, "correct horse battery"));
        using var browser = app.CreateAnonymousClient();
        using var signedIn = await PostSignInAsync(browser, await browser.GetJsonAsync("/api/antiforgery"), "boss", "correct horse battery");
        var cookie = CookieOf(signedIn);

        // Act
        using var signOut = await browser.PostAsync("/signout", content: null);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        using var replay = app.CreateAnonymousClient();
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        using var replayed = await replay.GetAsync("/api/me");
        await replayed.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(await app.Accounts.CredentialsOfAsync("boss"), c => c.Kind == CredentialKind.Session && c.RevokedAt is not null);
    }

    [Fact]
    public async Task A_one_time_sign_in_link_signs_in_once()
    {
        // Arrange
        await using var app = Start();
        await app.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, null));
        var link = await app.Accounts.IssueAsync("boss", CredentialKind.SignInLink, lifetime: TimeSpan.FromHours(24));
        using var browser = app.CreateAnonymousClient();
        using var other = app.CreateAnonymousClient();

        // Act
        using var first = await browser.GetAsync($"/signin/link/{link.Secret}");
        using var second = await other.GetAsync($"/signin/link/{link.Secret}");

        // Assert
        Assert.Equal("/wall/t-s1", first.Headers.Location?.OriginalString);
        Assert.Equal("boss", (await browser.GetJsonAsync("/api/me")).GetProperty("id").GetString());
        Assert.Equal("/signin?error=link", second.Headers.Location?.OriginalString);
        using var refused = await other.GetAsync("/api/me");
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_display_link_signs_a_wall_in_for_400_days_and_revoking_it_closes_its_live_connection()
    {
        // Arrange
        await using var app = Start();
        await app.Accounts.CreateAsync(new NewAccount("wall-1", "指挥中心大屏", Roles.Display, "t-s1", null, null));
        var link = await app.Accounts.IssueAsync("wall-1", CredentialKind.DisplayLink);
        using var wall = app.CreateAnonymousClient();
        using var opened = await wall.GetAsync($"/display/{link.Secret}");
        var cookie = CookieOf(opened);
        await using var hub = await HubTestClient.ConnectWithCookieAsync(app, cookie);
        await hub.InvokeAsync("Subscribe", "t-s1");
        var connections = app.Services.GetRequiredService<HubConnectionRegistry>();

        // Act
        var registeredBefore = connections.CountOf(link.Credential.Id);
        using var admin = app.CreateClient();
        using var revoked = await admin.DeleteAsync($"/api/credentials/{link.Credential.Id}");
        await hub.Closed.WaitAsync(Patience);

        // Assert
        Assert.Equal("/wall/t-s1", opened.Headers.Location?.OriginalString);
        Assert.Contains("expires=", SetCookieOf(opened), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, registeredBefore);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(0, connections.CountOf(link.Credential.Id));
        using var afterwards = await wall.GetAsync("/api/units/t-s1/metrics");
        await afterwards.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var page = await wall.GetAsync("/wall/t-s1");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task A_revoked_display_link_no_longer_opens()
    {
        await using var app = Start();
        await app.Accounts.CreateAsync(new NewAccount("wall-1", "指挥中心大屏", Roles.Display, "t-s1", null, null));
        var link = await app.Accounts.IssueAsync("wall-1", CredentialKind.DisplayLink);
        await app.Accounts.RevokeAsync(link.Credential.Id);
        using var wall = app.CreateAnonymousClient();

        using var opened = await wall.GetAsync($"/display/{link.Secret}");

        Assert.Equal("/signin?error=display", opened.Headers.Location?.OriginalString);
        Assert.False(opened.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_hub_connection_with_a_workers_token_in_the_query_is_closed_when_the_token_is_revoked()
    {
        await using var app = Start();
        var token = await app.CreateAccountWithTokenAsync("t-w1", Roles.Worker, workerId: "t-w1");
        await using var hub = await HubTestClient.ConnectAsync(app, token);
        var credentialId = (await app.Accounts.CredentialsOfAsync("t-w1")).Single().Id;

        await app.Accounts.RevokeAsync(credentialId);
        await hub.Closed.WaitAsync(Patience);

        await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(app, token));
    }

    public void Dispose() => _directory.Dispose();

    private GridPulseApp Start() => _directory.StartApp();

    internal static FormUrlEncodedContent Form(string id, string password) => new([new("id", id), new("password", password)]);

    /// <summary>Posts the password form as the sign-in page does, with the antiforgery token of <c>/api/antiforgery</c>.</summary>
    internal static Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, JsonElement antiforgery, string id, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/signin") { Content = Form(id, password) };
        request.Headers.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        return browser.SendAsync(request);
    }

    // The cookie as a browser sends it back: the name=value part of its Set-Cookie header.
    internal static string CookieOf(HttpResponseMessage response) => SetCookieOf(response).Split(';')[0];

    internal static string SetCookieOf(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
}
