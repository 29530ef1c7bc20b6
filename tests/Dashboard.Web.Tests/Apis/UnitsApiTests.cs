using System.Net;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class UnitsApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Every_unit_is_listed_with_its_name_level_and_parent()
    {
        var units = (await _client.GetJsonAsync("/api/units")).EnumerateArray().ToList();

        Assert.Equal(TestOrganisation.UnitIds, units.Select(unit => unit.GetProperty("id").GetString()));
        var root = units[0];
        Assert.Equal("测试区", root.GetProperty("name").GetString());
        Assert.Equal("district", root.GetProperty("level").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("parentId").ValueKind);
        var grid = units.Single(unit => unit.GetProperty("id").GetString() == "t-g2");
        Assert.Equal("grid", grid.GetProperty("level").GetString());
        Assert.Equal("t-c1", grid.GetProperty("parentId").GetString());
        Assert.Equal(["id", "name", "level", "parentId"], grid.EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task A_unit_comes_with_its_children()
    {
        var unit = await _client.GetJsonAsync("/api/units/t-c1");

        Assert.Equal("第一社区", unit.GetProperty("name").GetString());
        Assert.Equal("community", unit.GetProperty("level").GetString());
        Assert.Equal("t-s1", unit.GetProperty("parentId").GetString());
        Assert.Equal(["t-g1", "t-g2"], unit.GetProperty("children").EnumerateArray().Select(child => child.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/api/units/no-such-unit")]
    [InlineData("/api/units/no-such-unit/metrics")]
    [InlineData("/api/units/no-such-unit/workers")]
    public async Task An_unknown_unit_is_not_found(string path)
    {
        using var response = await _client.GetAsync(path);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-unit", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_has_the_shape_of_spec_3_1()
    {
        var snapshot = await _client.GetJsonAsync("/api/units/t-s1/metrics");

        Assert.Equal("t-s1", snapshot.GetProperty("unitId").GetString());
        Assert.Equal("第一街道", snapshot.GetProperty("name").GetString());
        Assert.Equal("street", snapshot.GetProperty("level").GetString());
        Assert.True(snapshot.GetProperty("version").GetInt64() >= 0);
        snapshot.GetProperty("asOf").GetDateTimeOffset();
        foreach (var window in new[] { "today", "month", "total" })
        {
            Assert.Equal(
                ["visits", "households", "trainings", "trainingParticipants", "events", "eventParticipants", "casesReported", "casesClosed"],
                snapshot.GetProperty(window).EnumerateObject().Select(property => property.Name));
        }

        Assert.Equal(["open", "overdue", "dueSoon", "due", "closureRate", "onTimeRate", "reworkRate", "extensionRate", "urges", "score"], snapshot.GetProperty("cases").EnumerateObject().Select(property => property.Name));
        Assert.Equal(["onDuty", "patrolling", "offDuty", "offline", "total"], snapshot.GetProperty("workers").EnumerateObject().Select(property => property.Name));
        Assert.Equal(4, snapshot.GetProperty("workers").GetProperty("total").GetInt64());
        Assert.Equal(24, snapshot.GetProperty("hourly").GetArrayLength());
        Assert.Equal(31, snapshot.GetProperty("daily").GetArrayLength());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", snapshot.GetProperty("daily")[30].GetProperty("date").GetString());
        Assert.Equal(["t-c1", "t-c2"], snapshot.GetProperty("children").EnumerateArray().Select(child => child.GetProperty("unitId").GetString()));
    }

    [Theory]
    [InlineData("t-d", new[] { "t-s1", "t-s2" }, new[] { 3, 1 }, new[] { 4L, 1L })]
    [InlineData("t-s1", new[] { "t-c1", "t-c2" }, new[] { 2, 1 }, new[] { 3L, 1L })]
    [InlineData("t-c1", new[] { "t-g1", "t-g2" }, new[] { 1, 1 }, new[] { 1L, 2L })]
    public async Task Each_child_of_a_snapshot_carries_the_grids_and_workers_of_its_subtree(string unitId, string[] children, int[] grids, long[] workers)
    {
        var snapshot = await _client.GetJsonAsync($"/api/units/{unitId}/metrics");

        var listed = snapshot.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(children, listed.Select(child => child.GetProperty("unitId").GetString()));
        Assert.Equal(grids, listed.Select(child => child.GetProperty("grids").GetInt32()));
        Assert.Equal(workers, listed.Select(child => child.GetProperty("workers").GetProperty("total").GetInt64()));
    }

    [Fact]
    public async Task The_workers_of_a_subtree_are_listed()
    {
        var workers = (await _client.GetJsonAsync("/api/units/t-s1/workers")).EnumerateArray().ToList();

        Assert.Equal(["t-w1", "t-w2", "t-w3", "t-w4"], workers.Select(worker => worker.GetProperty("id").GetString()).Order());
        var never = workers.Single(worker => worker.GetProperty("id").GetString() == "t-w4");
        Assert.Equal("offline", never.GetProperty("status").GetString());
        Assert.Equal("t-g3", never.GetProperty("gridId").GetString());
    }
}
