using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Live;

/// <summary>Issue 13, section 3, on the hub: banners reach the walls of a subtree, reload orders, the connected walls.</summary>
public sealed class WallOperationsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_wall_on_a_community_receives_a_banner_sent_to_its_street_and_a_wall_on_another_street_does_not()
    {
        // Arrange: both walls have their (empty) banners of the subscribe.
        await using var app = _directory.StartApp();
        using var http = app.CreateClient();
        await using var inside = await SubscribedWallAsync(app, "t-c1");
        await using var outside = await SubscribedWallAsync(app, "t-c3");

        // Act: a banner to the street of the first, then one to the district of both.
        await SendAsync(http, "street", "t-s1");
        await SendAsync(http, "district", "t-d");

        // Assert: the second wall's first list after its own empty one already holds the district's banner alone.
        var (street, _) = await inside.NextMatchingAsync("banners", list => Ids(list).SequenceEqual(["street"]), Patience);
        Assert.Equal("t-s1", street[0].GetProperty("unitId").GetString());
        Assert.Equal("notice", street[0].GetProperty("level").GetString());
        Assert.Equal(["district"], Ids(await outside.NextAsync("banners", Patience)));
        var (both, _) = await inside.NextMatchingAsync("banners", list => list.GetArrayLength() == 2, Patience);
        Assert.Equal(["district", "street"], Ids(both));
    }

    [Fact]
    public async Task A_wall_that_subscribes_later_receives_the_active_banner_and_a_withdrawal_takes_it_off()
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var http = app.CreateClient();
        await SendAsync(http, "early", "t-s1");

        // Act
        await using var wall = await HubTestClient.ConnectAsync(app);
        await wall.InvokeAsync("Subscribe", "t-g1");
        var first = await wall.NextAsync("banners", Patience);
        using var withdrawal = await http.DeleteAsync("/api/walls/banners/early");
        var after = await wall.NextAsync("banners", Patience);

        // Assert
        Assert.Equal(["early"], Ids(first));
        Assert.Equal(HttpStatusCode.Accepted, withdrawal.StatusCode);
        Assert.Equal(0, after.GetArrayLength());
    }

    [Fact]
    public async Task A_banner_leaves_the_walls_at_its_end_without_a_word_from_the_operator()
    {
        // Arrange: the product's clock stands still unless the test moves it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = _directory.StartApp(services => services.AddSingleton<TimeProvider>(clock));
        using var http = app.CreateClient();
        await using var wall = await SubscribedWallAsync(app, "t-c1");
        await SendAsync(http, "short", "t-s1", until: clock.GetUtcNow().AddMinutes(5));
        Assert.Equal(["short"], Ids(await wall.NextAsync("banners", Patience)));

        // Act
        clock.Advance(TimeSpan.FromMinutes(5));

        // Assert
        Assert.Equal(0, (await wall.NextAsync("banners", Patience)).GetArrayLength());
        Assert.Equal(0, (await http.GetJsonAsync("/api/walls/banners")).GetArrayLength());
    }

    [Fact]
    public async Task A_reload_order_reaches_the_walls_of_its_subtree_with_a_delay_within_its_window()
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var http = app.CreateClient();
        await using var walls = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubscribedWallAsync(app, "t-c2"))).ContinueWith(task => new Walls(task.Result));

        // Act
        using var response = await http.PostJsonAsync("/api/walls/reload", new JsonObject { ["id"] = "r1", ["unitId"] = "t-s1", ["windowSeconds"] = 5 });

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        foreach (var wall in walls.All)
        {
            var delay = (await wall.NextAsync("reload", Patience)).GetInt32();
            Assert.InRange(delay, 0, 4999);
        }

        using var repeat = await http.PostJsonAsync("/api/walls/reload", new JsonObject { ["id"] = "r1", ["unitId"] = "t-s1", ["windowSeconds"] = 5 });
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
    }

    [Fact]
    public async Task The_displays_list_shows_a_connected_wall_and_it_turns_silent_when_its_heartbeats_stop()
    {
        // Arrange: a display of the community on the product's hand-moved clock.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = _directory.StartApp(services => services.AddSingleton<TimeProvider>(clock));
        using var http = app.CreateClient();
        var display = await app.CreateAccountWithTokenAsync("wall-c1", Roles.Display, "t-c1");
        await using var wall = await HubTestClient.ConnectAsync(app, display);
        await wall.InvokeAsync("Subscribe", "t-c1");
        var pushed = clock.GetUtcNow().AddSeconds(-3);
        await wall.InvokeAsync("Heartbeat", pushed.ToUnixTimeMilliseconds());
        var listed = await WallOfAsync(http, "wall-c1", wall => wall.GetProperty("lastPushReceived").ValueKind == JsonValueKind.String);

        // Act: heartbeats every 15 s keep it online; then they stop.
        clock.Advance(TimeSpan.FromSeconds(15));
        await wall.InvokeAsync("Heartbeat", pushed.ToUnixTimeMilliseconds());
        clock.Advance(TimeSpan.FromSeconds(15));
        var heard = await WallOfAsync(http, "wall-c1", wall => wall.GetProperty("lastHeard").GetDateTimeOffset() > listed.GetProperty("lastHeard").GetDateTimeOffset());
        clock.Advance(TimeSpan.FromSeconds(6));
        var silent = await WallOfAsync(http, "wall-c1", wall => wall.GetProperty("status").GetString() == "silent");

        // Assert
        Assert.Equal("t-c1", listed.GetProperty("unitId").GetString());
        Assert.Equal("第一社区", listed.GetProperty("unitName").GetString());
        Assert.Equal("online", listed.GetProperty("status").GetString());
        Assert.Equal(pushed.ToUnixTimeMilliseconds(), listed.GetProperty("lastPushReceived").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal("online", heard.GetProperty("status").GetString());
        Assert.Equal(heard.GetProperty("lastHeard").GetDateTimeOffset(), silent.GetProperty("lastHeard").GetDateTimeOffset());
        var leader = app.CreateClientFor(await app.CreateAccountWithTokenAsync("leader-s2", Roles.Leader, "t-s2"));
        Assert.DoesNotContain((await leader.GetJsonAsync("/api/walls")).EnumerateArray(), shown => shown.GetProperty("account").GetString() == "wall-c1");
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<HubTestClient> SubscribedWallAsync(GridPulseApp app, string unitId)
    {
        var wall = await HubTestClient.ConnectAsync(app);
        await wall.InvokeAsync("Subscribe", unitId);
        Assert.Equal(0, (await wall.NextAsync("banners", Patience)).GetArrayLength());
        return wall;
    }

    private static async Task SendAsync(HttpClient http, string id, string unitId, DateTimeOffset? until = null)
    {
        using var response = await http.PostJsonAsync("/api/walls/banners", new JsonObject
        {
            ["id"] = id,
            ["unitId"] = unitId,
            ["text"] = $"{id} 横幅",
            ["level"] = "notice",
            ["until"] = Api.Time(until ?? DateTimeOffset.UtcNow.AddHours(1)),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The connected wall of <paramref name="account"/> in the administrator's list, once it satisfies <paramref name="condition"/>.</summary>
    private static async Task<JsonElement> WallOfAsync(HttpClient http, string account, Func<JsonElement, bool> condition)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var walls = await http.GetJsonAsync("/api/walls");
            found = walls.EnumerateArray().FirstOrDefault(wall => wall.GetProperty("account").GetString() == account);
            return found.ValueKind == JsonValueKind.Object && condition(found);
        });
        return found;
    }

    private static string[] Ids(JsonElement banners) =>
        [.. banners.EnumerateArray().Select(banner => banner.GetProperty("id").GetString() ?? "").Order(StringComparer.Ordinal)];

    private sealed class Walls(HubTestClient[] all) : IAsyncDisposable
    {
        public HubTestClient[] All => all;

        public async ValueTask DisposeAsync()
        {
            foreach (var wall in all)
            {
                await wall.DisposeAsync();
            }
        }
    }
}
