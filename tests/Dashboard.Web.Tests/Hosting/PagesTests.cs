using System.Net;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>Who is served which page (README, Pages).</summary>
public sealed class PagesTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("leader", "t-s1", null, "/cases")]
    [InlineData("leader", "t-s1", null, "/cases/some-case")]
    [InlineData("admin", null, null, "/cases")]
    public async Task The_cases_desk_is_served_to_leaders_and_administrators(string role, string? unitId, string? workerId, string page)
    {
        var token = await app.App.CreateAccountWithTokenAsync(Api.UniqueId(role), role, unitId, workerId);
        using var client = app.App.CreateClientFor(token);

        using var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/js/desk/desk.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("display", "t-d", null)]
    [InlineData("worker", null, "t-w4")]
    public async Task A_display_or_a_worker_gets_no_cases_desk(string role, string? unitId, string? workerId)
    {
        var token = await app.App.CreateAccountWithTokenAsync(Api.UniqueId(role), role, unitId, workerId);
        using var client = app.App.CreateClientFor(token);

        using var list = await client.GetAsync("/cases");
        using var one = await client.GetAsync("/cases/some-case");

        await list.AssertProblemAsync(HttpStatusCode.Forbidden);
        await one.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
