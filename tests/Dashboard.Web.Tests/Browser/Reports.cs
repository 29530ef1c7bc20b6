using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Browser;

/// <summary>Writes to the demo organisation over HTTP, and its figures as the API gives them.</summary>
public static class Reports
{
    /// <summary>The demo organisation's root, a street under it, and a grid of that street with its worker.</summary>
    public const string District = "xihaian";
    public const string Street = "huangdao";
    public const string Community = "huangdao-c01";
    public const string Grid = "huangdao-c01-g1";
    public const string Worker = "w00001";

    /// <summary>Posts <paramref name="count"/> visits (one household each) and asserts each is accepted.</summary>
    public static async Task PostVisitsAsync(this HttpClient client, int count, string grid = Grid, string worker = Worker)
    {
        for (var i = 0; i < count; i++)
        {
            await client.AcceptedAsync("/api/reports", Api.Visit(Api.UniqueId("browser-visit"), grid, worker));
        }
    }

    /// <summary>A visit in <see cref="Grid"/> that occurred at <paramref name="at"/>.</summary>
    public static Task PostVisitAtAsync(this HttpClient client, DateTimeOffset at)
    {
        var visit = Api.Visit(Api.UniqueId("browser-visit"), Grid, Worker);
        visit["occurredAt"] = Api.Time(at);
        return client.AcceptedAsync("/api/reports", visit);
    }

    /// <summary>A training in <see cref="Grid"/> with <paramref name="participants"/> participants.</summary>
    public static Task PostTrainingAsync(this HttpClient client, int participants) =>
        client.AcceptedAsync("/api/reports", Api.Visit(Api.UniqueId("browser-training"), Grid, Worker)
            .Patched($$"""{"kind": "training", "participants": {{participants}}}"""));

    /// <summary>Visits in two streets, a training, an event and a case, so every tile and chart has something to show.</summary>
    public static async Task PostAWorkloadAsync(this HttpClient client)
    {
        await client.PostVisitsAsync(3);
        await client.PostVisitsAsync(2, "changjianglu-c01-g1", await WorkerOfAsync(client, "changjianglu-c01-g1"));
        await client.AcceptedAsync("/api/reports", Api.Visit(Api.UniqueId("browser-training"), Grid, Worker).Patched("""{"kind": "training", "participants": 25}"""));
        await client.AcceptedAsync("/api/reports", Api.Visit(Api.UniqueId("browser-event"), Grid, Worker).Patched("""{"kind": "event", "participants": 40, "category": "志愿服务"}"""));
        await client.AcceptedAsync("/api/cases", Api.Case(Api.UniqueId("browser-case"), Grid, Worker));

        // Due this month: two closed (one after a rework) and one resolved, so 结案率 is 2/3 (amber).
        await client.CaseThroughAsync("dispatch", "resolve", "close");
        await client.CaseThroughAsync("dispatch", "resolve", "reject", "resolve", "close");
        await client.CaseThroughAsync("dispatch", "resolve");
        await client.AcceptedAsync($"/api/workers/{Worker}/status", new JsonObject { ["status"] = "on-duty", ["at"] = Api.Time(Api.RecentTime) });
    }

    /// <summary>
    /// Posts a new case in <see cref="Grid"/> as its worker would, reported at <paramref name="occurredAt"/> (default ten
    /// minutes ago) with <paramref name="deadline"/> (default the category's time limit); returns its id.
    /// </summary>
    public static async Task<string> PostCaseAsync(this HttpClient client, string title, DateTimeOffset? occurredAt = null, DateTimeOffset? deadline = null)
    {
        var id = Api.UniqueId("browser-case");
        var body = Api.Case(id, Grid, Worker);
        body["title"] = title;
        if (occurredAt is { } at)
        {
            body["occurredAt"] = Api.Time(at);
        }

        if (deadline is { } due)
        {
            body["deadline"] = Api.Time(due);
        }

        await client.AcceptedAsync("/api/cases", body);
        return id;
    }

    /// <summary>Posts an action on the case as another client would, and asserts it was accepted.</summary>
    public static async Task PostActionAsync(this HttpClient client, string caseId, string action, string? handler = null, string? note = null)
    {
        using var response = await client.PostJsonAsync($"/api/cases/{caseId}/actions", Api.Action(Api.UniqueId("other"), action, handler, note));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{action} on {caseId}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The actions of a case's history, in order (its creation left out).</summary>
    public static async Task<string[]> HistoryAsync(this HttpClient client, string caseId)
    {
        var view = await client.GetJsonAsync($"/api/cases/{caseId}");
        return [.. view.GetProperty("history").EnumerateArray()
            .Where(entry => entry.GetProperty("action").ValueKind == JsonValueKind.String)
            .Select(entry => entry.GetProperty("action").GetString()!)];
    }

    /// <summary>A unit's visits today, from <c>GET /api/units/{id}/metrics</c>.</summary>
    public static Task<long> VisitsTodayAsync(this HttpClient client, string unitId = District) =>
        client.CountAsync(unitId, "today", "visits");

    /// <summary>A new case in <see cref="Grid"/> taken through <paramref name="actions"/>.</summary>
    private static async Task CaseThroughAsync(this HttpClient client, params string[] actions)
    {
        var caseId = Api.UniqueId("browser-case");
        await client.AcceptedAsync("/api/cases", Api.Case(caseId, Grid, Worker));
        foreach (var action in actions)
        {
            await client.AcceptedAsync($"/api/cases/{caseId}/actions", Api.Action(Api.UniqueId("browser-action"), action, handler: action == "dispatch" ? "环卫所" : null));
        }
    }

    private static async Task<string> WorkerOfAsync(HttpClient client, string gridId)
    {
        var workers = await client.GetJsonAsync($"/api/units/{gridId}/workers");
        return workers[0].GetProperty("id").GetString()!;
    }

    private static async Task AcceptedAsync(this HttpClient client, string path, JsonObject body)
    {
        using var response = await client.PostJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
