using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Authorization;

/// <summary>The rules around the matrix: what a scope shows, the order of the answers, a worker's own name, and no personal data in the feed.</summary>
public sealed class ScopeRuleTests(AuthorizationFixture fixture) : IClassFixture<AuthorizationFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(Caller.StreetLeader, "huangdao")]
    [InlineData(Caller.Display, "huangdao")]
    [InlineData(Caller.CommunityLeader, "huangdao-c02")]
    public async Task The_unit_list_of_a_leader_or_display_is_exactly_their_subtree(Caller caller, string unitId)
    {
        var all = await IdsAsync(fixture.Admin, "/api/units");

        var seen = await IdsAsync(fixture.ClientOf(caller), "/api/units");

        Assert.Equal(all.Where(id => id == unitId || id.StartsWith(unitId + "-", StringComparison.Ordinal)), seen);
        Assert.Equal(unitId, seen[0]);
    }

    [Fact]
    public async Task The_unit_list_of_a_worker_is_their_grid()
    {
        var seen = await IdsAsync(fixture.ClientOf(Caller.Worker), "/api/units");

        Assert.Equal([Place.OwnGrid.GridId], seen);
    }

    [Theory]
    [InlineData(Caller.Admin, HttpStatusCode.NotFound)]
    [InlineData(Caller.StreetLeader, HttpStatusCode.Forbidden)]
    [InlineData(Caller.Display, HttpStatusCode.Forbidden)]
    [InlineData(Caller.Worker, HttpStatusCode.Forbidden)]
    public async Task An_unknown_unit_is_not_found_by_an_administrator_and_out_of_scope_for_anyone_else(Caller caller, HttpStatusCode expected)
    {
        using var response = await fixture.ClientOf(caller).GetAsync("/api/units/no-such-unit/metrics");

        await response.AssertProblemAsync(expected);
    }

    [Fact]
    public async Task A_report_for_an_unknown_grid_is_not_found_by_an_administrator_and_refused_to_a_worker()
    {
        var report = Api.Visit(Api.UniqueId("rules-unknown-grid"), "no-such-grid", Place.OwnGrid.WorkerId);

        using var worker = await fixture.ClientOf(Caller.Worker).PostJsonAsync("/api/reports", report);
        using var admin = await fixture.Admin.PostJsonAsync("/api/reports", report);

        await worker.AssertProblemAsync(HttpStatusCode.Forbidden);
        await admin.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_body_is_refused_as_invalid_before_its_scope_is_judged()
    {
        var report = Api.Visit(Api.UniqueId("rules-malformed"), Place.OtherStreetGrid.GridId, Place.OtherStreetGrid.WorkerId).Patched("""{"kind": null}""");

        using var response = await fixture.ClientOf(Caller.Worker).PostJsonAsync("/api/reports", report);

        await response.AssertFieldErrorAsync("kind");
    }

    [Fact]
    public async Task A_worker_may_not_report_as_another_worker_of_their_own_grid()
    {
        // huangdao-c01-g6 has two workers.
        var token = await fixture.App.CreateAccountWithTokenAsync(Api.UniqueId("rules-worker"), Roles.Worker, workerId: "w00006");
        using var worker = fixture.App.CreateClientFor(token);
        var report = Api.Visit(Api.UniqueId("rules-as-other"), "huangdao-c01-g6", "w00007");

        using var refused = await worker.PostJsonAsync("/api/reports", report);
        using var own = await worker.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("rules-as-self"), "huangdao-c01-g6", "w00006"));

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        using var afterwards = await fixture.Admin.PostJsonAsync("/api/reports", report);
        Assert.Equal(HttpStatusCode.Accepted, afterwards.StatusCode);
    }

    [Fact]
    public async Task A_worker_acts_on_a_case_of_their_grid_only_in_their_own_name()
    {
        var caseId = await CreateCaseAsync(Place.OwnGrid);
        var action = Api.Action(Api.UniqueId("rules-action"), "dispatch", handler: "网格中心");
        var worker = fixture.ClientOf(Caller.Worker);

        using var asOffice = await worker.PostJsonAsync($"/api/cases/{caseId}/actions", action);
        using var asSelf = await worker.PostJsonAsync($"/api/cases/{caseId}/actions", action.Patched($$"""{"by": "{{Place.OwnGrid.WorkerId}}"}"""));

        var problem = await asOffice.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains($"by 必须是 {Place.OwnGrid.WorkerId}", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, asSelf.StatusCode);
        var history = (await fixture.Admin.GetJsonAsync($"/api/cases/{caseId}")).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(Place.OwnGrid.WorkerId, history[^1].GetProperty("by").GetString());
        Assert.Equal(2, history.Count);
    }

    [Theory]
    [InlineData(Caller.Display)]
    [InlineData(Caller.Worker)]
    [InlineData(Caller.Admin)]
    public async Task An_unknown_case_is_not_found_by_anyone(Caller caller)
    {
        var client = fixture.ClientOf(caller);

        using var read = await client.GetAsync("/api/cases/no-such-case");
        using var acted = await client.PostJsonAsync("/api/cases/no-such-case/actions", Api.Action(Api.UniqueId("rules-nowhere"), "resolve").Patched("""{"by": "w00001"}"""));

        await read.AssertProblemAsync(HttpStatusCode.NotFound);
        await acted.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_batch_names_every_item_out_of_scope_by_its_index()
    {
        var own = Place.OwnGrid;
        var other = Place.NeighbourGrid;
        var batch = new JsonArray(
            Api.Visit(Api.UniqueId("rules-batch"), own.GridId, own.WorkerId),
            Api.Visit(Api.UniqueId("rules-batch"), other.GridId, other.WorkerId),
            Api.Visit(Api.UniqueId("rules-batch"), own.GridId, own.WorkerId),
            Api.Visit(Api.UniqueId("rules-batch"), own.GridId, other.WorkerId));

        using var response = await fixture.ClientOf(Caller.Worker).PostJsonAsync("/api/reports/batch", batch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([1, 3], problem.GetProperty("indexes").EnumerateArray().Select(index => index.GetInt32()));
        Assert.Contains("第 1、3 条", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_list_without_a_unit_shows_the_callers_own_unit()
    {
        var page = await fixture.ClientOf(Caller.StreetLeader).GetJsonAsync("/api/cases?pageSize=100");

        var grids = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("gridId").GetString()!).ToList();
        Assert.Contains(Place.OwnGrid.GridId, grids);
        Assert.All(grids, grid => Assert.StartsWith("huangdao-", grid, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_display_is_refused_the_case_list_of_its_own_unit()
    {
        using var response = await fixture.ClientOf(Caller.Display).GetAsync("/api/cases");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_live_feed_shows_a_new_case_by_its_category_without_its_title()
    {
        // Arrange
        const string Title = "张桂兰家门口堆放杂物";
        await using var wall = await fixture.ConnectAsync(Caller.Display);
        await wall.InvokeAsync("Subscribe", "huangdao");
        var caseId = Api.UniqueId("rules-feed-case");

        // Act
        using var created = await fixture.Admin.PostJsonAsync("/api/cases", Api.Case(caseId, Place.OwnGrid.GridId, Place.OwnGrid.WorkerId).Patched($$"""{"title": "{{Title}}"}"""));
        var (items, _) = await wall.NextMatchingAsync("activity", batch => batch.EnumerateArray().Any(item => item.GetProperty("id").GetString() == caseId), Patience);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var item = items.EnumerateArray().Single(item => item.GetProperty("id").GetString() == caseId);
        Assert.Equal(("case", "环境卫生"), (item.GetProperty("kind").GetString(), item.GetProperty("category").GetString()));
        Assert.False(item.TryGetProperty("title", out _));
        Assert.DoesNotContain(Title, items.GetRawText(), StringComparison.Ordinal);
        var recent = await fixture.ClientOf(Caller.Display).GetJsonAsync("/api/units/huangdao/activity");
        Assert.Contains(recent.EnumerateArray(), entry => entry.GetProperty("id").GetString() == caseId);
        Assert.DoesNotContain(Title, recent.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.GetJsonAsync(path)).EnumerateArray().Select(unit => unit.GetProperty("id").GetString()!)];

    private async Task<string> CreateCaseAsync(Place place)
    {
        var caseId = Api.UniqueId("rules-case");
        using var created = await fixture.Admin.PostJsonAsync("/api/cases", Api.Case(caseId, place.GridId, place.WorkerId));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        return caseId;
    }
}
