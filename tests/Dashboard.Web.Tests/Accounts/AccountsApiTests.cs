using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>The administrators' API: accounts, tokens, links and revocation, for administrators only.</summary>
public sealed class AccountsApiTests : IClassFixture<AppFixture>
{
    private readonly AppFixture _app;

    public AccountsApiTests(AppFixture app) => _app = app;

    [Fact]
    public async Task An_administrator_creates_a_worker_whose_new_token_then_works()
    {
        // Arrange
        var id = Api.UniqueId("w");
        var body = new JsonObject { ["id"] = id, ["name"] = "李四", ["role"] = "worker", ["workerId"] = "t-w2" };

        // Act
        using var created = await _app.Client.PostJsonAsync("/api/accounts", body);
        using var issued = await _app.Client.PostJsonAsync($"/api/accounts/{id}/tokens", new JsonObject { ["label"] = "李四的手机" });
        var token = (await issued.ReadJsonAsync()).GetProperty("secret").GetString()!;

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/accounts/{id}", created.Headers.Location?.OriginalString);
        var account = await created.ReadJsonAsync();
        Assert.Equal("t-g2", account.GetProperty("unitId").GetString());
        Assert.StartsWith("gpt_", token, StringComparison.Ordinal);
        using var worker = _app.App.CreateClientFor(token);
        Assert.Equal(id, (await worker.GetJsonAsync("/api/me")).GetProperty("id").GetString());
        var detail = await _app.Client.GetJsonAsync($"/api/accounts/{id}");
        var credential = Assert.Single(detail.GetProperty("credentials").EnumerateArray());
        Assert.Equal("token", credential.GetProperty("kind").GetString());
        Assert.Equal("李四的手机", credential.GetProperty("label").GetString());
        Assert.DoesNotContain(token, detail.GetRawText(), StringComparison.Ordinal);
        Assert.Contains((await _app.Client.GetJsonAsync("/api/accounts")).EnumerateArray(), a => a.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_display_link_is_an_address_that_signs_the_wall_in()
    {
        var id = Api.UniqueId("wall");
        using var created = await _app.Client.PostJsonAsync("/api/accounts", new JsonObject { ["id"] = id, ["name"] = "大屏", ["role"] = "display", ["unitId"] = "t-c1" });

        using var issued = await _app.Client.PostAsync($"/api/accounts/{id}/display-links", content: null);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var url = new Uri((await issued.ReadJsonAsync()).GetProperty("url").GetString()!);
        Assert.StartsWith("/display/gpd_", url.AbsolutePath, StringComparison.Ordinal);
        using var wall = _app.App.CreateAnonymousClient();
        using var opened = await wall.GetAsync(url.AbsolutePath);
        Assert.Equal("/wall/t-c1", opened.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_display_link_for_an_account_that_is_not_a_display_is_refused_with_400()
    {
        var id = Api.UniqueId("boss");
        using var created = await _app.Client.PostJsonAsync("/api/accounts", new JsonObject { ["id"] = id, ["name"] = "书记", ["role"] = "leader", ["unitId"] = "t-s1" });

        using var issued = await _app.Client.PostAsync($"/api/accounts/{id}/display-links", content: null);

        await issued.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_duplicate_id_answers_409_and_bad_input_400()
    {
        var id = Api.UniqueId("boss");
        var body = new JsonObject { ["id"] = id, ["name"] = "书记", ["role"] = "leader", ["unitId"] = "t-s1" };
        using var first = await _app.Client.PostJsonAsync("/api/accounts", body);

        using var again = await _app.Client.PostJsonAsync("/api/accounts", body);
        using var noUnit = await _app.Client.PostJsonAsync("/api/accounts", body.Patched("""{"id": "other-boss", "unitId": null}"""));
        using var unknownField = await _app.Client.PostJsonAsync("/api/accounts", body.Patched("""{"id": "third-boss", "isAdmin": true}"""));
        using var shortPassword = await _app.Client.PostJsonAsync("/api/accounts", body.Patched("""{"id": "fourth-boss", "password": "short"}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await noUnit.AssertProblemAsync(HttpStatusCode.BadRequest);
        await unknownField.AssertProblemAsync(HttpStatusCode.BadRequest);
        await shortPassword.AssertProblemAsync(HttpStatusCode.BadRequest);
        var ids = (await _app.Client.GetJsonAsync("/api/accounts")).EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("other-boss", ids);
        Assert.DoesNotContain("third-boss", ids);
        Assert.DoesNotContain("fourth-boss", ids);
    }

    [Fact]
    public async Task Unknown_accounts_and_credentials_answer_404()
    {
        using var account = await _app.Client.GetAsync("/api/accounts/nobody");
        using var token = await _app.Client.PostAsync("/api/accounts/nobody/tokens", content: null);
        using var password = await _app.Client.PostJsonAsync("/api/accounts/nobody/password", new JsonObject { ["password"] = "long enough secret" });
        using var revoke = await _app.Client.DeleteAsync("/api/credentials/c0000000000000000");

        await account.AssertProblemAsync(HttpStatusCode.NotFound);
        await token.AssertProblemAsync(HttpStatusCode.NotFound);
        await password.AssertProblemAsync(HttpStatusCode.NotFound);
        await revoke.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_password_set_by_the_administrator_is_the_one_sign_in_accepts()
    {
        var id = Api.UniqueId("boss");
        using var created = await _app.Client.PostJsonAsync("/api/accounts", new JsonObject { ["id"] = id, ["name"] = "书记", ["role"] = "leader", ["unitId"] = "t-s1" });

        using var set = await _app.Client.PostJsonAsync($"/api/accounts/{id}/password", new JsonObject { ["password"] = "a new long password" });

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.True(await _app.App.Accounts.CheckPasswordAsync(id, "a new long password"));
        Assert.True((await _app.Client.GetJsonAsync($"/api/accounts/{id}")).GetProperty("account").GetProperty("hasPassword").GetBoolean());
    }

    [Theory]
    [InlineData("leader", "t-s1", null)]
    [InlineData("worker", null, "t-w4")]
    [InlineData("display", "t-d", null)]
    public async Task Anyone_but_an_administrator_gets_403_from_the_admin_api(string role, string? unitId, string? workerId)
    {
        // Arrange
        var token = await _app.App.CreateAccountWithTokenAsync(Api.UniqueId(role), role, unitId, workerId);
        using var client = _app.App.CreateClientFor(token);
        var before = (await _app.App.Accounts.ListAsync()).Count;

        // Act
        using var list = await client.GetAsync("/api/accounts");
        using var create = await client.PostJsonAsync("/api/accounts", new JsonObject { ["id"] = Api.UniqueId("x"), ["name"] = "x", ["role"] = "admin" });
        using var issue = await client.PostAsync("/api/accounts/admin/sign-in-links", content: null);
        using var revoke = await client.DeleteAsync("/api/credentials/" + AccountStore.AdminTokenCredentialId);
        using var page = await client.GetAsync("/admin");

        // Assert
        await list.AssertProblemAsync(HttpStatusCode.Forbidden);
        await create.AssertProblemAsync(HttpStatusCode.Forbidden);
        await issue.AssertProblemAsync(HttpStatusCode.Forbidden);
        await revoke.AssertProblemAsync(HttpStatusCode.Forbidden);
        await page.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, (await _app.App.Accounts.ListAsync()).Count);
    }
}
