using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>
/// Onboarding in bulk (issue 13, section 2): <c>POST /api/units/{id}/links</c> issues one working link to every worker
/// of a subtree (and its displays when asked) and revokes the ones they held; administrators only, as every link.
/// On the test organisation: street t-s1 holds workers t-w1 to t-w4, street t-s2 worker t-w5.
/// </summary>
public sealed class OnboardingApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string[] StreetOneWorkers = ["t-w1", "t-w2", "t-w3", "t-w4"];

    [Fact]
    public async Task A_bulk_issue_gives_each_worker_of_the_subtree_one_working_link_and_ends_the_link_they_had()
    {
        // Arrange: t-w2 has (another) account with a phone link.
        var old = await app.App.CreateAccountWithTokenAsync(Api.UniqueId("w2"), Roles.Worker, workerId: "t-w2");

        // Act
        using var response = await app.Client.PostAsync(new Uri("/api/units/t-s1/links", UriKind.Relative), content: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sheet = await response.ReadJsonAsync();
        Assert.Equal("第一街道", sheet.GetProperty("unitName").GetString());
        var workers = sheet.GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(StreetOneWorkers, workers.Select(worker => worker.GetProperty("workerId").GetString()));
        Assert.Equal("第一社区", workers[1].GetProperty("communityName").GetString());
        Assert.Equal("第二网格", workers[1].GetProperty("gridName").GetString());
        foreach (var worker in workers)
        {
            var token = await AssertWorkingLinkAsync(worker);
            await AssertOneActiveTokenAsync(worker.GetProperty("workerId").GetString()!, token);
        }

        await AssertRevokedAsync(old);
        Assert.Empty(sheet.GetProperty("displays").EnumerateArray());
        Assert.True(sheet.GetProperty("revoked").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_reissue_ends_the_links_of_the_issue_before()
    {
        var first = (await IssueAsync("t-c2")).GetProperty("workers")[0];
        var firstToken = await AssertWorkingLinkAsync(first);

        var second = (await IssueAsync("t-c2")).GetProperty("workers")[0];

        var secondToken = await AssertWorkingLinkAsync(second);
        await AssertRevokedAsync(firstToken);
        Assert.Equal(first.GetProperty("accountId").GetString(), second.GetProperty("accountId").GetString());
        await AssertOneActiveTokenAsync(second.GetProperty("workerId").GetString()!, secondToken);
    }

    [Fact]
    public async Task With_displays_the_subtrees_displays_get_new_links_and_their_walls_old_ones_stop()
    {
        // Arrange: a display inside t-s1 and one outside it, each with a link.
        var inside = Api.UniqueId("wall-c1");
        var outside = Api.UniqueId("wall-s2");
        await app.App.Accounts.CreateAsync(new NewAccount(inside, "第一社区大屏", Roles.Display, "t-c1", null, null));
        await app.App.Accounts.CreateAsync(new NewAccount(outside, "第二街道大屏", Roles.Display, "t-s2", null, null));
        var insideOld = await app.App.Accounts.IssueAsync(inside, CredentialKind.DisplayLink);
        var outsideOld = await app.App.Accounts.IssueAsync(outside, CredentialKind.DisplayLink);

        // Act
        var withoutDisplays = await IssueAsync("t-s1");
        var withDisplays = await IssueAsync("t-s1", new JsonObject { ["displays"] = true });

        // Assert
        Assert.Empty(withoutDisplays.GetProperty("displays").EnumerateArray());
        var display = Assert.Single(withDisplays.GetProperty("displays").EnumerateArray(), item => item.GetProperty("accountId").GetString() == inside);
        Assert.DoesNotContain(withDisplays.GetProperty("displays").EnumerateArray(), item => item.GetProperty("accountId").GetString() == outside);
        Assert.Equal("第一社区", display.GetProperty("unitName").GetString());
        AssertQrCode(display);
        using var wall = app.App.CreateAnonymousClient();
        using var opened = await wall.GetAsync(new Uri(display.GetProperty("url").GetString()!).AbsolutePath);
        Assert.Equal("/wall/t-c1", opened.Headers.Location?.OriginalString);
        Assert.False(await app.App.Accounts.IsActiveAsync(insideOld.Credential.Id));
        Assert.True(await app.App.Accounts.IsActiveAsync(outsideOld.Credential.Id));
    }

    [Theory]
    [InlineData(Roles.Leader, "t-s1", null, "t-s1")]
    [InlineData(Roles.Leader, "t-s1", null, "t-s2")]
    [InlineData(Roles.Worker, null, "t-w1", "t-g1")]
    [InlineData(Roles.Display, "t-d", null, "t-s1")]
    public async Task Anyone_but_an_administrator_gets_403_inside_or_outside_their_subtree_and_nothing_is_issued(
        string role, string? unitId, string? workerId, string target)
    {
        // Leaders may not issue links today (the accounts API is the administrators'), so neither in bulk.
        var token = await app.App.CreateAccountWithTokenAsync(Api.UniqueId(role), role, unitId, workerId);
        using var caller = app.App.CreateClientFor(token);
        var before = await CredentialCountAsync();

        using var response = await caller.PostAsync(new Uri($"/api/units/{target}/links", UriKind.Relative), content: null);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await CredentialCountAsync());
    }

    [Fact]
    public async Task Anonymous_callers_get_401_an_unknown_unit_404_and_a_bad_body_400()
    {
        using var anonymous = app.App.CreateAnonymousClient();
        var before = await CredentialCountAsync();

        using var unauthenticated = await anonymous.PostAsync(new Uri("/api/units/t-s1/links", UriKind.Relative), content: null);
        using var unknown = await app.Client.PostAsync(new Uri("/api/units/nowhere/links", UriKind.Relative), content: null);
        using var wrongType = await app.Client.PostJsonAsync("/api/units/t-s1/links", new JsonObject { ["displays"] = "yes" });
        using var unknownField = await app.Client.PostJsonAsync("/api/units/t-s1/links", new JsonObject { ["everyone"] = true });

        await unauthenticated.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("$.displays", (await wrongType.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString());
        await unknownField.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await CredentialCountAsync());
    }

    [Fact]
    public async Task A_worker_whose_account_id_is_taken_by_another_account_answers_409_and_nothing_changes()
    {
        // t-w5 has no worker account, and a leader holds the id a new one would take.
        await app.App.Accounts.CreateAsync(new NewAccount("t-w5", "同名领导", Roles.Leader, "t-s2", null, null));
        var before = await CredentialCountAsync();

        using var response = await app.Client.PostAsync(new Uri("/api/units/t-s2/links", UriKind.Relative), content: null);

        Assert.Contains("t-w5", (await response.AssertProblemAsync(HttpStatusCode.Conflict)).Detail(), StringComparison.Ordinal);
        Assert.Equal(before, await CredentialCountAsync());
    }

    private async Task<JsonElement> IssueAsync(string unitId, JsonObject? body = null)
    {
        using var response = body is null
            ? await app.Client.PostAsync(new Uri($"/api/units/{unitId}/links", UriKind.Relative), content: null)
            : await app.Client.PostJsonAsync($"/api/units/{unitId}/links", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>The link is the reporting page's with a token that signs in as the worker; answers the token.</summary>
    private async Task<string> AssertWorkingLinkAsync(JsonElement worker)
    {
        var url = worker.GetProperty("url").GetString()!;
        Assert.StartsWith("http://localhost" + CredentialLinks.ReportPrefix + "gpt_", url, StringComparison.Ordinal);
        var token = url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..];
        using var phone = app.App.CreateClientFor(token);
        var me = await phone.GetJsonAsync("/api/me");
        Assert.Equal(worker.GetProperty("workerId").GetString(), me.GetProperty("workerId").GetString());
        AssertQrCode(worker);
        return token;
    }

    private static void AssertQrCode(JsonElement item)
    {
        const string prefix = "data:image/svg+xml;base64,";
        var qrCode = item.GetProperty("qrCode").GetString()!;
        Assert.StartsWith(prefix, qrCode, StringComparison.Ordinal);
        Assert.Contains("<svg", Encoding.UTF8.GetString(Convert.FromBase64String(qrCode[prefix.Length..])), StringComparison.Ordinal);
    }

    /// <summary>Of all the worker's accounts' tokens, the one just issued is the one that still works.</summary>
    private async Task AssertOneActiveTokenAsync(string workerId, string token)
    {
        var active = new List<CredentialInfo>();
        foreach (var account in (await app.App.Accounts.ListAsync()).Where(account => account.WorkerId == workerId))
        {
            active.AddRange((await app.App.Accounts.CredentialsOfAsync(account.Id)).Where(credential => credential.Kind == CredentialKind.Token && credential.RevokedAt is null));
        }

        Assert.Equal(Onboarding.Label, Assert.Single(active).Label);
        Assert.NotNull(await app.App.Accounts.AuthenticateAsync(token));
    }

    private async Task AssertRevokedAsync(string token)
    {
        using var phone = app.App.CreateClientFor(token);
        using var response = await phone.GetAsync(new Uri("/api/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<int> CredentialCountAsync()
    {
        var count = 0;
        foreach (var account in await app.App.Accounts.ListAsync())
        {
            count += (await app.App.Accounts.CredentialsOfAsync(account.Id)).Count(credential => credential.RevokedAt is null);
        }

        return count;
    }
}
