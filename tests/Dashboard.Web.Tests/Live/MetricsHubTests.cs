using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Live;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Live;

/// <summary>The hub at /hubs/metrics, spoken to in the SignalR JSON protocol as the JavaScript client does.</summary>
public sealed class MetricsHubTests : IDisposable
{
    private const int PushMilliseconds = 250;

    // The push interval plus slack for a loaded test machine: every wait ends at the signal, not at the timeout.
    private static readonly TimeSpan PushWithSlack = TimeSpan.FromMilliseconds(PushMilliseconds) + TimeSpan.FromSeconds(5);

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Subscribe_returns_the_units_current_snapshot()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        await PostVisitsAsync(http, 2, grid: "t-g3", worker: "t-w4");
        await using var hub = await HubTestClient.ConnectAsync(app);

        // Act
        var snapshot = await hub.InvokeAsync("Subscribe", "t-s1");

        // Assert
        var expected = await http.GetJsonAsync("/api/units/t-s1/metrics");
        Assert.Equal("t-s1", snapshot.GetProperty("unitId").GetString());
        Assert.Equal("第一街道", snapshot.GetProperty("name").GetString());
        Assert.Equal("street", snapshot.GetProperty("level").GetString());
        Assert.Equal(2, Visits(snapshot));
        Assert.Equal(Visits(expected), Visits(snapshot));
        Assert.Equal(expected.GetProperty("version").GetInt64(), snapshot.GetProperty("version").GetInt64());
        Assert.Equal(2, snapshot.GetProperty("children").GetArrayLength());
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_unit_is_refused_with_a_message()
    {
        // Arrange
        await using var app = Start();
        await using var hub = await HubTestClient.ConnectAsync(app);

        // Act
        var refusal = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", "nowhere"));

        // Assert
        Assert.Contains("单位“nowhere”不存在", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_posted_report_reaches_a_subscriber_with_a_higher_version_within_the_push_interval()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        await using var hub = await HubTestClient.ConnectAsync(app);
        var subscribed = await hub.InvokeAsync("Subscribe", "t-d");
        var version = subscribed.GetProperty("version").GetInt64();

        // Act
        var posted = Stopwatch.StartNew();
        await PostVisitsAsync(http, 1);
        var (pushed, _) = await hub.NextMatchingAsync("metrics", s => Visits(s) == Visits(subscribed) + 1, PushWithSlack);
        posted.Stop();

        // Assert
        Assert.Equal("t-d", pushed.GetProperty("unitId").GetString());
        Assert.True(pushed.GetProperty("version").GetInt64() > version);
        Assert.Equal(1, pushed.GetProperty("hourly").EnumerateArray().Sum(h => h.GetProperty("visits").GetInt64()));
    }

    [Fact]
    public async Task A_burst_of_1000_reports_makes_a_handful_of_pushes_at_most_one_per_interval()
    {
        // Arrange: a longer interval, so the burst spans few intervals.
        const int Interval = 1000;
        await using var app = Start(Interval);
        using var http = app.CreateClient();
        await using var hub = await HubTestClient.ConnectAsync(app);
        await hub.InvokeAsync("Subscribe", "t-d");

        // Act
        var burst = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostVisitsAsync(http, 125)));
        var (_, before) = await hub.NextMatchingAsync("metrics", s => Visits(s) == 1000, PushWithSlack + TimeSpan.FromMilliseconds(Interval));
        burst.Stop();

        // Assert: one push per started interval at most (plus the one at the start of the burst), never one per report.
        var pushes = before + 1;
        Assert.InRange(pushes, 1, (burst.ElapsedMilliseconds / Interval) + 2);
        Assert.True(pushes < 50, $"{pushes} pushes for 1000 reports");
    }

    [Fact]
    public async Task Pushed_versions_only_grow()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        await using var hub = await HubTestClient.ConnectAsync(app);
        var subscribed = await hub.InvokeAsync("Subscribe", "t-c1");
        var versions = new List<long> { subscribed.GetProperty("version").GetInt64() };

        // Act
        var posting = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostVisitsAsync(http, 50)));
        while (true)
        {
            var pushed = await hub.NextAsync("metrics", PushWithSlack);
            versions.Add(pushed.GetProperty("version").GetInt64());
            if (Visits(pushed) == 200)
            {
                break;
            }
        }

        await posting;

        // Assert
        Assert.True(versions.Count >= 2);
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public async Task Unsubscribe_stops_the_pushes_while_another_subscriber_still_gets_them()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        await using var leaving = await HubTestClient.ConnectAsync(app);
        await using var witness = await HubTestClient.ConnectAsync(app);
        await leaving.InvokeAsync("Subscribe", "t-d");
        await witness.InvokeAsync("Subscribe", "t-d");

        // Act
        await leaving.InvokeAsync("Unsubscribe", "t-d");
        await PostVisitsAsync(http, 1);
        await witness.NextMatchingAsync("metrics", s => Visits(s) == 1, PushWithSlack);
        await PostVisitsAsync(http, 1);
        await witness.NextMatchingAsync("metrics", s => Visits(s) == 2, PushWithSlack);

        // Assert: the witness got both; the pusher served both connections in the same rounds, so nothing is late.
        Assert.Empty(leaving.Drain("metrics"));
        Assert.Empty(leaving.Drain("activity"));
    }

    [Fact]
    public async Task A_client_that_reconnects_gets_a_fresh_snapshot_with_what_happened_while_it_was_away()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        var first = await HubTestClient.ConnectAsync(app);
        var before = await first.InvokeAsync("Subscribe", "t-d");
        first.Abort();
        await first.DisposeAsync();

        // Act
        await PostVisitsAsync(http, 3);
        await using var second = await HubTestClient.ConnectAsync(app);
        var fresh = await second.InvokeAsync("Subscribe", "t-d");

        // Assert
        Assert.Equal(Visits(before) + 3, Visits(fresh));
        await PostVisitsAsync(http, 1);
        await second.NextMatchingAsync("metrics", s => Visits(s) == Visits(fresh) + 1, PushWithSlack);
    }

    [Fact]
    public async Task A_closed_connection_leaves_no_subscription_behind()
    {
        // Arrange
        await using var app = Start();
        var subscriptions = app.Services.GetRequiredService<Subscriptions>();
        var hub = await HubTestClient.ConnectAsync(app);
        await hub.InvokeAsync("Subscribe", "t-c3");
        Assert.True(subscriptions.IsFollowed("t-c3"));

        // Act
        await hub.DisposeAsync();

        // Assert: the server notices the close on its own time; wait for it.
        await Eventually.TrueAsync(() => !subscriptions.IsFollowed("t-c3"));
    }

    [Fact]
    public async Task Activity_reaches_the_subscribers_of_every_unit_above_its_grid_with_names_and_no_others()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        await using var street = await HubTestClient.ConnectAsync(app);
        await using var otherStreet = await HubTestClient.ConnectAsync(app);
        await street.InvokeAsync("Subscribe", "t-s1");
        await otherStreet.InvokeAsync("Subscribe", "t-s2");

        // Act
        var id = await PostVisitsAsync(http, 1, grid: "t-g2", worker: "t-w3");
        await PostVisitsAsync(http, 1, grid: "t-g4", worker: "t-w5");
        var (items, _) = await street.NextMatchingAsync("activity", batch => batch.EnumerateArray().Any(i => i.GetProperty("id").GetString() == id[0]), PushWithSlack);
        var (others, _) = await otherStreet.NextMatchingAsync("activity", batch => batch.GetArrayLength() > 0, PushWithSlack);

        // Assert
        var item = items.EnumerateArray().Single(i => i.GetProperty("id").GetString() == id[0]);
        Assert.Equal("t-s1", item.GetProperty("unitId").GetString());
        Assert.Equal("visit", item.GetProperty("kind").GetString());
        Assert.Equal("王五", item.GetProperty("worker").GetString());
        Assert.Equal(["第一街道", "第一社区", "第二网格"], item.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.All(others.EnumerateArray(), i => Assert.Equal("t-g4", i.GetProperty("gridId").GetString()));
    }

    [Fact]
    public async Task A_MessagePack_client_gets_the_same_snapshots_and_activity_as_a_JSON_one()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        await PostVisitsAsync(http, 2, grid: "t-g3", worker: "t-w4");
        await using var json = await HubTestClient.ConnectAsync(app);
        await using var messagePack = await HubTestClient.ConnectAsync(app, protocol: HubWireProtocol.MessagePack);

        // Act
        var subscribedJson = await json.InvokeAsync("Subscribe", "t-s1");
        var subscribedMessagePack = await messagePack.InvokeAsync("Subscribe", "t-s1");
        var id = await PostVisitsAsync(http, 1, grid: "t-g2", worker: "t-w3");
        var (pushedJson, _) = await json.NextMatchingAsync("metrics", s => Visits(s) == 3, PushWithSlack);
        var (pushedMessagePack, _) = await messagePack.NextMatchingAsync("metrics", s => Visits(s) == 3, PushWithSlack);
        var (activityJson, _) = await json.NextMatchingAsync("activity", batch => Contains(batch, id[0]), PushWithSlack);
        var (activityMessagePack, _) = await messagePack.NextMatchingAsync("activity", batch => Contains(batch, id[0]), PushWithSlack);

        // Assert: the JSON protocol's names and formats (camelCase, kebab-case enums, ISO 8601 times), value for value.
        Assert.Equal("street", subscribedMessagePack.GetProperty("level").GetString());
        Assert.True(DateTimeOffset.TryParse(pushedMessagePack.GetProperty("asOf").GetString(), CultureInfo.InvariantCulture, out _));
        Assert.Equal("visit", activityMessagePack[0].GetProperty("kind").GetString());
        // Each subscribe reads the unit at its own moment, its asOf; a push is one snapshot for both.
        AssertSameDocument(WithoutAsOf(subscribedJson), WithoutAsOf(subscribedMessagePack));
        AssertSameDocument(pushedJson, pushedMessagePack);
        AssertSameDocument(activityJson, activityMessagePack);
    }

    [Fact]
    public async Task The_recent_activity_of_a_unit_lists_its_subtree_oldest_first()
    {
        // Arrange
        await using var app = Start();
        using var http = app.CreateClient();
        var inStreet = await PostVisitsAsync(http, 3, grid: "t-g1", worker: "t-w1");
        await PostVisitsAsync(http, 2, grid: "t-g4", worker: "t-w5");

        // Act: the pusher files the feed on its own loop; wait until all five are in.
        JsonElement recent = default;
        await Eventually.TrueAsync(async () => (recent = await http.GetJsonAsync("/api/units/t-s1/activity")).GetArrayLength() == 3
            && (await http.GetJsonAsync("/api/units/t-d/activity")).GetArrayLength() == 5);

        // Assert
        Assert.Equal(inStreet, recent.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.All(recent.EnumerateArray(), i => Assert.Equal("t-s1", i.GetProperty("unitId").GetString()));
        var unknown = await http.GetAsync(new Uri("/api/units/nowhere/activity", UriKind.Relative));
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_case_turning_overdue_and_a_report_surge_reach_a_subscriber_in_the_pushed_snapshot_and_the_metrics()
    {
        // Arrange: a new log has no four weeks behind it, so ten reports this hour are a surge over an average of 0.
        await using var app = Start();
        using var http = app.CreateClient();
        await using var hub = await HubTestClient.ConnectAsync(app);
        await hub.InvokeAsync("Subscribe", "t-d");
        await Api.AwayFromTheHoursEndAsync();
        var caseId = Api.UniqueId("late");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(2);
        var lateCase = Api.Case(caseId, "t-g4", "t-w5");
        lateCase["deadline"] = Api.Time(deadline);
        using (var created = await http.PostJsonAsync("/api/cases", lateCase))
        {
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        }

        // Act
        for (var i = 0; i < 10; i++)
        {
            using var response = await http.PostJsonAsync("/api/reports", Api.VisitNow("t-g1", "t-w1"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var (pushed, _) = await hub.NextMatchingAsync(
            "metrics", s => s.GetProperty("alerts").GetProperty("overdue").GetArrayLength() == 1 && SurgeOf(s, "t-s1") is not null, PushWithSlack);
        var metrics = await http.GetJsonAsync("/api/units/t-d/metrics");

        // Assert
        var notice = pushed.GetProperty("alerts").GetProperty("overdue")[0];
        Assert.Equal(caseId, notice.GetProperty("caseId").GetString());
        Assert.Equal("环境卫生", notice.GetProperty("category").GetString());
        Assert.Equal("t-g4", notice.GetProperty("gridId").GetString());
        Assert.Equal(["第二街道", "第三社区", "第四网格"], notice.GetProperty("path").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), notice.GetProperty("deadline").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.False(notice.TryGetProperty("title", out _), "a notice carries no case title");
        var surge = SurgeOf(pushed, "t-s1")!.Value;
        Assert.Equal(10, surge.GetProperty("reports").GetInt64());
        Assert.Equal(0, surge.GetProperty("average").GetDouble());
        Assert.Null(SurgeOf(pushed, "t-s2"));
        Assert.Equal(JsonValueKind.Object, pushed.GetProperty("alerts").GetProperty("surge").ValueKind);
        Assert.Equal(caseId, metrics.GetProperty("alerts").GetProperty("overdue")[0].GetProperty("caseId").GetString());
        Assert.Equal(10, SurgeOf(metrics, "t-s1")!.Value.GetProperty("reports").GetInt64());
    }

    private GridPulseApp Start(int pushMilliseconds = PushMilliseconds) =>
        _directory.StartApp(settings: new Dictionary<string, string> { ["Push:IntervalMilliseconds"] = $"{pushMilliseconds}" });

    private static async Task<string[]> PostVisitsAsync(HttpClient http, int count, string grid = "t-g1", string worker = "t-w1")
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Api.UniqueId("hub");
            using var response = await http.PostJsonAsync("/api/reports", Api.Visit(ids[i], grid, worker));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        return ids;
    }

    private static JsonElement? SurgeOf(JsonElement snapshot, string childId) =>
        snapshot.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("unitId").GetString() == childId).GetProperty("surge") is { ValueKind: JsonValueKind.Object } surge
            ? surge
            : null;

    private static long Visits(JsonElement snapshot) => snapshot.GetProperty("total").GetProperty("visits").GetInt64();

    private static bool Contains(JsonElement batch, string id) => batch.EnumerateArray().Any(i => i.GetProperty("id").GetString() == id);

    private static JsonElement WithoutAsOf(JsonElement snapshot)
    {
        var node = JsonNode.Parse(snapshot.GetRawText())!.AsObject();
        Assert.True(node.Remove("asOf"));
        return JsonSerializer.SerializeToElement(node);
    }

    private static void AssertSameDocument(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"expected {expected.GetRawText()}\nbut got {actual.GetRawText()}");
}
