using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The ways into the demo a browser test takes, issued through the admin API with the server's admin token as an
/// administrator would: the demo's display and worker accounts (created by <c>--demo</c>) and their links.
/// </summary>
public static class Identities
{
    /// <summary>The demo's wall display of the district.</summary>
    public const string DistrictDisplay = "display-xihaian";

    /// <summary>The demo's grid worker account, <see cref="Reports.Worker"/>.</summary>
    public const string Worker = Reports.Worker;

    /// <summary>The demo's leader of <see cref="Reports.Street"/>.</summary>
    public const string StreetLeader = "leader-huangdao";

    /// <summary>Issues a display link of <paramref name="account"/>: its credential id and its address.</summary>
    public static Task<(string Id, Uri Url)> IssueDisplayLinkAsync(this DemoServer server, string account = DistrictDisplay) =>
        server.Client.IssueDisplayLinkAsync(account);

    /// <summary>Issues a display link of <paramref name="account"/> through an admin's client of any server.</summary>
    public static async Task<(string Id, Uri Url)> IssueDisplayLinkAsync(this HttpClient admin, string account)
    {
        var issued = await admin.PostOkAsync($"/api/accounts/{account}/display-links");
        return (issued["id"]!.GetValue<string>(), new Uri(issued["url"]!.GetValue<string>()));
    }

    /// <summary>Issues a bearer token of <paramref name="account"/>: its credential id and its secret.</summary>
    public static async Task<(string Id, string Secret)> IssueTokenAsync(this DemoServer server, string account = Worker)
    {
        var issued = await server.Client.PostOkAsync($"/api/accounts/{account}/tokens");
        return (issued["id"]!.GetValue<string>(), issued["secret"]!.GetValue<string>());
    }

    /// <summary>Issues a one-time sign-in link of <paramref name="account"/>.</summary>
    public static async Task<Uri> IssueSignInLinkAsync(this DemoServer server, string account = StreetLeader)
    {
        var issued = await server.Client.PostOkAsync($"/api/accounts/{account}/sign-in-links");
        return new Uri(issued["url"]!.GetValue<string>());
    }

    /// <summary>The ids of the account's live credentials of <paramref name="kind"/> (<c>token</c>, <c>session</c>, ...).</summary>
    public static async Task<IReadOnlyList<string>> CredentialsAsync(this DemoServer server, string account, string kind)
    {
        var detail = await server.Client.GetJsonAsync($"/api/accounts/{account}");
        return [.. detail.GetProperty("credentials").EnumerateArray()
            .Where(credential => credential.GetProperty("kind").GetString() == kind && credential.GetProperty("revokedAt").ValueKind == JsonValueKind.Null)
            .Select(credential => credential.GetProperty("id").GetString()!)];
    }

    /// <summary>Creates a display account for <paramref name="unitId"/>, once per server.</summary>
    public static Task CreateDisplayAsync(this DemoServer server, string account, string unitId) =>
        server.Client.CreateDisplayAsync(account, unitId);

    /// <summary>Creates a display account for <paramref name="unitId"/> through an admin's client of any server.</summary>
    public static async Task CreateDisplayAsync(this HttpClient admin, string account, string unitId)
    {
        using var response = await admin.PostJsonAsync(
            "/api/accounts", new JsonObject { ["id"] = account, ["name"] = $"{unitId} 大屏", ["role"] = "display", ["unitId"] = unitId });
        Assert.True(
            response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            $"creating {account}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Revokes a credential; its cookies and tokens stop working and its hub connections close.</summary>
    public static async Task RevokeAsync(this DemoServer server, string credentialId)
    {
        using var response = await server.Client.DeleteAsync(new Uri($"/api/credentials/{credentialId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<JsonNode> PostOkAsync(this HttpClient admin, string path)
    {
        using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content: null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
