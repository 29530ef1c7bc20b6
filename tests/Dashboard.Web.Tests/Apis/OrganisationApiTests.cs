using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

/// <summary>
/// The organisation managed live over HTTP (issue 13), on <see cref="TestOrganisation"/>: t-d → t-s1 (t-c1: t-g1 [t-w1],
/// t-g2 [t-w2, t-w3]; t-c2: t-g3 [t-w4]), t-s2 (t-c3: t-g4 [t-w5]).
/// </summary>
public sealed class OrganisationApiTests : IClassFixture<AppFixture>, IDisposable
{
    private static readonly string[] ComparedParts = ["name", "total", "cases", "workers", "daily"];

    private readonly AppFixture _app;
    private readonly TestDirectory _directory = new();

    public OrganisationApiTests(AppFixture app) => _app = app;

    [Fact]
    public async Task A_broken_rule_answers_400_by_field_path_and_changes_nothing()
    {
        // Arrange
        var version = (await _app.Client.GetJsonAsync("/api/organisation")).GetProperty("version").GetInt64();
        var grid = Api.UniqueId("g");
        var body = Change(Api.UniqueId("change"), AddUnit(grid, "新网格", "grid", "t-c1"), AddWorker(Api.UniqueId("w"), "新人", "t-c1", phone: "12345"));

        // Act
        using var response = await _app.Client.PostJsonAsync("/api/organisation/changes", body);

        // Assert
        await response.AssertFieldErrorAsync("operations[1].parentId");
        var messages = await response.AssertFieldErrorAsync("operations[1].phone");
        Assert.Contains("/", messages[0], StringComparison.Ordinal);
        var after = await _app.Client.GetJsonAsync("/api/organisation");
        Assert.Equal(version, after.GetProperty("version").GetInt64());
        Assert.DoesNotContain(grid, after.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_by_field_path()
    {
        var body = Change(Api.UniqueId("change"), new JsonObject { ["kind"] = "addUnit", ["id"] = Api.UniqueId("g") });

        using var response = await _app.Client.PostJsonAsync("/api/organisation/changes", body);

        await response.AssertFieldErrorAsync("operations[0].kind");
    }

    [Fact]
    public async Task A_change_applies_once_a_repeat_is_a_duplicate_and_other_operations_under_its_id_conflict()
    {
        // Arrange
        var id = Api.UniqueId("change");
        var community = Api.UniqueId("c");
        var grid = Api.UniqueId("g");
        var worker = Api.UniqueId("w");
        var body = Change(id, AddUnit(community, "新社区", "community", "t-s2"), AddUnit(grid, "新网格", "grid", community), AddWorker(worker, "钱八", grid, "13912345678"));

        // Act
        using var applied = await _app.Client.PostJsonAsync("/api/organisation/changes", body);
        using var repeated = await _app.Client.PostJsonAsync("/api/organisation/changes", body.DeepClone());
        using var conflicting = await _app.Client.PostJsonAsync("/api/organisation/changes", Change(id, AddUnit(community, "别的社区", "community", "t-s2")));

        // Assert
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var answer = await applied.ReadJsonAsync();
        Assert.Equal("applied", answer.GetProperty("status").GetString());
        var version = answer.GetProperty("version").GetInt64();
        Assert.True(version > 0);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal("duplicate", (await repeated.ReadJsonAsync()).GetProperty("status").GetString());
        await conflicting.AssertProblemAsync(HttpStatusCode.Conflict);

        var organisation = await _app.Client.GetJsonAsync("/api/organisation");
        Assert.True(organisation.GetProperty("version").GetInt64() >= version);
        var added = Find(organisation.GetProperty("root"), grid);
        Assert.Equal(community, added.GetProperty("parentId").GetString());
        var listed = Assert.Single(added.GetProperty("workers").EnumerateArray());
        Assert.Equal((worker, "钱八", "13912345678", false), (listed.GetProperty("id").GetString(), listed.GetProperty("name").GetString(), listed.GetProperty("phone").GetString(), listed.GetProperty("retired").GetBoolean()));
        Assert.Equal("新社区", Find(organisation.GetProperty("root"), community).GetProperty("name").GetString());
        Assert.Equal(0, await _app.Client.CountAsync(grid, "total", "visits"));

        var me = (await _app.Client.GetJsonAsync("/api/me")).GetProperty("id").GetString();
        var audit = (await _app.Client.GetJsonAsync("/api/organisation/changes")).GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("id").GetString() == id);
        Assert.Equal(me, audit.GetProperty("by").GetString());
        Assert.Equal(version, audit.GetProperty("version").GetInt64());
        Assert.True(DateTimeOffset.UtcNow - audit.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
        Assert.Equal(["add-unit", "add-unit", "add-worker"], audit.GetProperty("operations").EnumerateArray().Select(op => op.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("leader", "t-s1")]
    [InlineData("display", "t-d")]
    public async Task A_leader_or_a_display_is_refused_with_403(string role, string unit)
    {
        var token = await _app.App.CreateAccountWithTokenAsync(Api.UniqueId(role), role, unit);
        using var client = _app.App.CreateClientFor(token);

        using var get = await client.GetAsync("/api/organisation");
        using var audit = await client.GetAsync("/api/organisation/changes");
        using var post = await client.PostJsonAsync("/api/organisation/changes", Change(Api.UniqueId("change"), Rename("t-c1", "改名")));

        await get.AssertProblemAsync(HttpStatusCode.Forbidden);
        await audit.AssertProblemAsync(HttpStatusCode.Forbidden);
        await post.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.NotEqual("改名", Find((await _app.Client.GetJsonAsync("/api/organisation")).GetProperty("root"), "t-c1").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_moved_grid_and_a_retired_worker_stay_so_after_a_restart_with_the_same_numbers()
    {
        // Arrange
        string organisationBefore;
        string[] metricsBefore;
        await using (var app = _directory.StartApp())
        {
            using var client = app.CreateClient();
            await PostVisitsAsync(client, ("t-g2", "t-w2"), ("t-g2", "t-w3"), ("t-g1", "t-w1"));

            // Act
            using var moved = await client.PostJsonAsync("/api/organisation/changes", Change("move", Move("t-g2", "t-c2"), Retire("t-w3")));
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

            // Assert
            await Eventually.TrueAsync(async () => await client.CountAsync("t-c2", "total", "visits") == 2);
            Assert.Equal(1, await client.CountAsync("t-c1", "total", "visits"));
            Assert.Equal(3, await client.CountAsync("t-s1", "total", "visits"));
            using var refused = await client.PostJsonAsync("/api/reports", Api.VisitNow("t-g2", "t-w3"));
            await refused.AssertFieldErrorAsync("workerId");
            organisationBefore = (await client.GetJsonAsync("/api/organisation")).GetRawText();
            metricsBefore = await MetricsAsync(client);
        }

        await using var restarted = _directory.StartApp();
        using var again = restarted.CreateClient();
        Assert.Equal(organisationBefore, (await again.GetJsonAsync("/api/organisation")).GetRawText());
        Assert.Equal(metricsBefore, await MetricsAsync(again));
        Assert.Contains("\"retired\":true", organisationBefore, StringComparison.Ordinal);
        using var repeated = await again.PostJsonAsync("/api/organisation/changes", Change("move", Move("t-g2", "t-c2"), Retire("t-w3")));
        Assert.Equal("duplicate", (await repeated.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_wall_on_the_new_community_receives_the_moved_grids_counts()
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var client = app.CreateClient();
        await PostVisitsAsync(client, ("t-g4", "t-w5"), ("t-g4", "t-w5"));
        await Eventually.TrueAsync(async () => await client.CountAsync("t-c3", "total", "visits") == 2);
        var display = await app.CreateAccountWithTokenAsync("wall-t-c2", "display", "t-c2");
        await using var wall = await HubTestClient.ConnectAsync(app, display);
        var subscribed = await wall.InvokeAsync("Subscribe", "t-c2");
        Assert.Equal(0, subscribed.GetProperty("total").GetProperty("visits").GetInt64());

        // Act
        using var moved = await client.PostJsonAsync("/api/organisation/changes", Change("move-t-g4", Move("t-g4", "t-c2")));

        // Assert
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var (snapshot, _) = await wall.NextMatchingAsync(
            "metrics",
            pushed => pushed.GetProperty("unitId").GetString() == "t-c2" && pushed.GetProperty("total").GetProperty("visits").GetInt64() == 2,
            TimeSpan.FromSeconds(10));
        Assert.Contains(snapshot.GetProperty("children").EnumerateArray(), child => child.GetProperty("unitId").GetString() == "t-g4");
        Assert.DoesNotContain("phone", snapshot.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task PostVisitsAsync(HttpClient client, params (string Grid, string Worker)[] visits)
    {
        foreach (var (grid, worker) in visits)
        {
            using var response = await client.PostJsonAsync("/api/reports", Api.VisitNow(grid, worker));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    private static async Task<string[]> MetricsAsync(HttpClient client)
    {
        var metrics = new List<string>();
        foreach (var unit in TestOrganisation.UnitIds)
        {
            var snapshot = await client.GetJsonAsync($"/api/units/{unit}/metrics");
            metrics.Add(string.Join("|", ComparedParts.Select(part => snapshot.GetProperty(part).GetRawText())));
        }

        return [.. metrics];
    }

    private static JsonElement Find(JsonElement unit, string id)
    {
        if (unit.GetProperty("id").GetString() == id)
        {
            return unit;
        }

        foreach (var child in unit.GetProperty("children").EnumerateArray())
        {
            if (Find(child, id) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
        }

        return default;
    }

    private static JsonObject Change(string id, params JsonObject[] operations) => new() { ["id"] = id, ["operations"] = new JsonArray(operations) };

    private static JsonObject AddUnit(string id, string name, string level, string parentId) =>
        new() { ["kind"] = "add-unit", ["id"] = id, ["name"] = name, ["level"] = level, ["parentId"] = parentId };

    private static JsonObject AddWorker(string id, string name, string gridId, string? phone = null) =>
        new() { ["kind"] = "add-worker", ["id"] = id, ["name"] = name, ["parentId"] = gridId, ["phone"] = phone };

    private static JsonObject Rename(string id, string name) => new() { ["kind"] = "rename-unit", ["id"] = id, ["name"] = name };

    private static JsonObject Move(string id, string parentId) => new() { ["kind"] = "move-unit", ["id"] = id, ["parentId"] = parentId };

    private static JsonObject Retire(string workerId) => new() { ["kind"] = "retire-worker", ["id"] = workerId };
}
