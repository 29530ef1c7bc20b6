using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests;

/// <summary>Metrics after a restart on the same data directory equal metrics before it (issue 2, section 4).</summary>
public sealed class RestartTests : IDisposable
{
    private static readonly string[] ComparedParts = ["today", "month", "total", "cases", "workers", "hourly", "daily"];

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Every_units_metrics_are_the_same_after_a_restart()
    {
        Dictionary<string, string> before;
        await using (var app = _directory.StartApp())
        {
            using var client = app.CreateClient();
            await WriteAWorkloadAsync(client);
            before = await MetricsOfEveryUnitAsync(client);
        }

        await using (var restarted = _directory.StartApp())
        {
            using var client = restarted.CreateClient();
            var after = await MetricsOfEveryUnitAsync(client);

            Assert.All(TestOrganisation.UnitIds, unit => Assert.Equal(before[unit], after[unit]));
            Assert.Contains("\"visits\":6", before["t-d"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_activity_feed_after_a_restart_shows_the_newest_activity_from_before_it()
    {
        string[] before;
        await using (var app = _directory.StartApp())
        {
            using var client = app.CreateClient();
            await WriteAWorkloadAsync(client);
            // The pusher files the feed on its own loop: 10 reports and 3 new cases.
            await Eventually.TrueAsync(async () => (await client.GetJsonAsync("/api/units/t-d/activity")).GetArrayLength() == 13);
            before = FeedItems(await client.GetJsonAsync("/api/units/t-d/activity"));
        }

        await using (var restarted = _directory.StartApp())
        {
            using var client = restarted.CreateClient();
            var after = FeedItems(await client.GetJsonAsync("/api/units/t-d/activity"));

            Assert.Equal(before, after);
            Assert.Equal(3, after.Count(item => item.Contains("|case|", StringComparison.Ordinal)));
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Each item of a feed answer as one line: its fields, its time as an instant.</summary>
    private static string[] FeedItems(System.Text.Json.JsonElement items) =>
        [.. items.EnumerateArray().Select(item => string.Join(
            '|',
            item.GetProperty("id").GetString(),
            item.GetProperty("kind").GetString(),
            item.GetProperty("worker").GetString(),
            item.GetProperty("gridId").GetString(),
            item.GetProperty("category").ToString(),
            item.GetProperty("count").ToString(),
            string.Join('/', item.GetProperty("path").EnumerateArray().Select(name => name.GetString())),
            item.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))];

    private static async Task WriteAWorkloadAsync(HttpClient client)
    {
        var grids = new[] { ("t-g1", "t-w1"), ("t-g2", "t-w3"), ("t-g3", "t-w4") };
        foreach (var (grid, worker) in grids)
        {
            await AcceptedAsync(client, "/api/reports", Api.Visit(Api.UniqueId("v"), grid, worker));
            await AcceptedAsync(client, "/api/reports", Api.Visit(Api.UniqueId("v"), grid, worker).Patched("""{"households": 2}"""));
            await AcceptedAsync(client, "/api/reports", Api.Visit(Api.UniqueId("t"), grid, worker).Patched("""{"kind": "training", "participants": 12}"""));
        }

        var late = Api.Visit(Api.UniqueId("late"), "t-g4", "t-w5").Patched("""{"kind": "event", "participants": 40}""");
        late["occurredAt"] = Api.Time(Api.RecentTime.AddDays(-3));
        await AcceptedAsync(client, "/api/reports", late);

        var closedCase = Api.UniqueId("case");
        await AcceptedAsync(client, "/api/cases", Api.Case(closedCase, "t-g1", "t-w1"));
        await AcceptedAsync(client, $"/api/cases/{closedCase}/actions", Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所"));
        await AcceptedAsync(client, $"/api/cases/{closedCase}/actions", Api.Action(Api.UniqueId("a"), "resolve"));
        await AcceptedAsync(client, $"/api/cases/{closedCase}/actions", Api.Action(Api.UniqueId("a"), "reject", note: "返工"));
        await AcceptedAsync(client, $"/api/cases/{closedCase}/actions", Api.Action(Api.UniqueId("a"), "resolve"));
        await AcceptedAsync(client, $"/api/cases/{closedCase}/actions", Api.Action(Api.UniqueId("a"), "close"));

        var overdueCase = Api.Case(Api.UniqueId("case"), "t-g4", "t-w5");
        overdueCase["occurredAt"] = Api.Time(Api.RecentTime.AddDays(-2));
        overdueCase["deadline"] = Api.Time(Api.RecentTime.AddDays(-1));
        await AcceptedAsync(client, "/api/cases", overdueCase);

        var cancelledCase = Api.UniqueId("case");
        await AcceptedAsync(client, "/api/cases", Api.Case(cancelledCase, "t-g2", "t-w2"));
        await AcceptedAsync(client, $"/api/cases/{cancelledCase}/actions", Api.Action(Api.UniqueId("a"), "cancel", note: "重复上报"));

        await AcceptedAsync(client, "/api/workers/t-w1/status", new JsonObject { ["status"] = "on-duty", ["at"] = Api.Time(Api.RecentTime) });
        await AcceptedAsync(client, "/api/workers/t-w4/status", new JsonObject { ["status"] = "patrolling", ["at"] = Api.Time(Api.RecentTime) });
    }

    private static async Task AcceptedAsync(HttpClient client, string path, JsonObject body)
    {
        using var response = await client.PostJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Dictionary<string, string>> MetricsOfEveryUnitAsync(HttpClient client)
    {
        var metrics = new Dictionary<string, string>();
        foreach (var unit in TestOrganisation.UnitIds)
        {
            var snapshot = await client.GetJsonAsync($"/api/units/{unit}/metrics");
            metrics[unit] = string.Join('\n', ComparedParts.Select(part => $"{part}: {snapshot.GetProperty(part).GetRawText()}"));
        }

        return metrics;
    }
}
