using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

/// <summary>Every write is idempotent by its id (spec 3, 9): repeats answer "duplicate" and are never counted twice.</summary>
public sealed class IdempotencyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task The_same_report_50_times_in_sequence_is_counted_once()
    {
        var report = Api.Visit(Api.UniqueId("seq"), "t-g1", "t-w1");
        var visits = await _client.CountAsync("t-g1", "today", "visits");
        var districtVisits = await _client.CountAsync("t-d", "today", "visits");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            using var response = await _client.PostJsonAsync("/api/reports", report);
            statuses.Add(response.StatusCode);
            Assert.Equal(i == 0 ? "accepted" : "duplicate", (await response.ReadJsonAsync()).GetProperty("status").GetString());
        }

        Assert.Equal(HttpStatusCode.Accepted, statuses[0]);
        Assert.All(statuses.Skip(1), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(visits + 1, await _client.CountAsync("t-g1", "today", "visits"));
        Assert.Equal(districtVisits + 1, await _client.CountAsync("t-d", "today", "visits"));
    }

    [Fact]
    public async Task The_same_report_20_times_at_once_is_counted_once()
    {
        var report = Api.Visit(Api.UniqueId("concurrent"), "t-g3", "t-w4");
        var visits = await _client.CountAsync("t-g3", "today", "visits");

        var statuses = await PostConcurrentlyAsync("/api/reports", report, 20);

        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.Accepted));
        Assert.Equal(19, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(visits + 1, await _client.CountAsync("t-g3", "today", "visits"));
    }

    [Fact]
    public async Task The_same_case_20_times_at_once_is_reported_once()
    {
        var newCase = Api.Case(Api.UniqueId("case"), "t-g4", "t-w5");
        var reported = await _client.CountAsync("t-g4", "today", "casesReported");

        var statuses = await PostConcurrentlyAsync("/api/cases", newCase, 20);

        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.Accepted));
        Assert.Equal(19, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(reported + 1, await _client.CountAsync("t-g4", "today", "casesReported"));
    }

    [Fact]
    public async Task The_same_case_id_with_other_content_is_a_conflict_and_changes_nothing()
    {
        var newCase = Api.Case(Api.UniqueId("case"), "t-g4", "t-w5");
        using var first = await _client.PostJsonAsync("/api/cases", newCase);
        var reported = await _client.CountAsync("t-g4", "today", "casesReported");

        using var response = await _client.PostJsonAsync("/api/cases", newCase.Patched("""{"title": "另一件事"}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(reported, await _client.CountAsync("t-g4", "today", "casesReported"));
        var view = await _client.GetJsonAsync($"/api/cases/{newCase["id"]}");
        Assert.Equal("楼道堆放杂物", view.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_same_case_action_20_times_at_once_is_applied_once()
    {
        var caseId = Api.UniqueId("case");
        using var created = await _client.PostJsonAsync("/api/cases", Api.Case(caseId, "t-g4", "t-w5"));
        var dispatch = Api.Action(Api.UniqueId("dispatch"), "dispatch", handler: "城管中队");

        var statuses = await PostConcurrentlyAsync($"/api/cases/{caseId}/actions", dispatch, 20);

        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.Accepted));
        Assert.Equal(19, statuses.Count(status => status == HttpStatusCode.OK));
        var view = await _client.GetJsonAsync($"/api/cases/{caseId}");
        Assert.Equal("dispatched", view.GetProperty("state").GetString());
        Assert.Single(view.GetProperty("history").EnumerateArray(), entry => entry.GetProperty("actionId").GetString() == dispatch["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_action_id_with_other_content_is_a_conflict_and_changes_nothing()
    {
        var caseId = Api.UniqueId("case");
        using var created = await _client.PostJsonAsync("/api/cases", Api.Case(caseId, "t-g4", "t-w5"));
        var dispatch = Api.Action(Api.UniqueId("dispatch"), "dispatch", handler: "城管中队");
        using var first = await _client.PostJsonAsync($"/api/cases/{caseId}/actions", dispatch);
        var before = (await _client.GetJsonAsync($"/api/cases/{caseId}")).ToString();

        using var response = await _client.PostJsonAsync($"/api/cases/{caseId}/actions", dispatch.Patched("""{"handler": "环卫所"}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var after = await _client.GetJsonAsync($"/api/cases/{caseId}");
        Assert.Equal("城管中队", after.GetProperty("handler").GetString());
        Assert.Equal(
            Without(before, "overdue", "dueSoon"),
            Without(after.ToString(), "overdue", "dueSoon"));
    }

    [Fact]
    public async Task The_same_worker_status_again_is_a_duplicate()
    {
        var status = new JsonObject { ["status"] = "patrolling", ["at"] = Api.Time(Api.RecentTime) };
        using var first = await _client.PostJsonAsync("/api/workers/t-w2/status", status);

        using var second = await _client.PostJsonAsync("/api/workers/t-w2/status", status);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", (await second.ReadJsonAsync()).GetProperty("status").GetString());
    }

    private async Task<HttpStatusCode[]> PostConcurrentlyAsync(string path, JsonObject body, int times)
    {
        using var start = new SemaphoreSlim(0);
        var posts = Enumerable.Range(0, times).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await _client.PostJsonAsync(path, body);
            return response.StatusCode;
        }).ToArray();
        start.Release(times);
        return await Task.WhenAll(posts);
    }

    private static string Without(string json, params string[] fields)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var field in fields)
        {
            node.Remove(field);
        }

        return node.ToJsonString();
    }
}
