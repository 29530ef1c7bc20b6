using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

/// <summary>Issue 13, section 3: banners and reload orders over HTTP, their validation and who may give them.</summary>
public sealed class WallsApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public static TheoryData<string, string> BadBanners => new()
    {
        { """{"text":""}""", "text" },
        { $$"""{"text":"{{new string('横', 201)}}"}""", "text" },
        { """{"level":"loud"}""", "level" },
        { """{"level":null}""", "level" },
        { $$"""{"until":"{{Api.Time(DateTimeOffset.UtcNow.AddMinutes(-1))}}"}""", "until" },
        { $$"""{"until":"{{Api.Time(DateTimeOffset.UtcNow.AddDays(31))}}"}""", "until" },
        { """{"until":"tomorrow"}""", "until" },
        { """{"unitId":"nowhere"}""", "unitId" },
        { """{"unitId":"no such unit"}""", "unitId" },
        { """{"id":""}""", "id" },
    };

    public static TheoryData<string, string> BadReloads => new()
    {
        { """{"windowSeconds":4}""", "windowSeconds" },
        { """{"windowSeconds":601}""", "windowSeconds" },
        { """{"unitId":"nowhere"}""", "unitId" },
    };

    [Theory]
    [MemberData(nameof(BadBanners))]
    public async Task A_bad_banner_is_refused_with_its_field_and_nothing_is_stored(string patch, string field)
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var http = app.CreateClient();
        var banner = Banner("b1", "t-s1");

        // Act
        using var response = await http.PostJsonAsync("/api/walls/banners", banner.Patched(patch));

        // Assert: nothing shows, and the id is still free.
        await response.AssertFieldErrorAsync(field);
        Assert.Equal(0, (await http.GetJsonAsync("/api/walls/banners")).GetArrayLength());
        using var valid = await http.PostJsonAsync("/api/walls/banners", banner);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadReloads))]
    public async Task A_bad_reload_order_is_refused_with_its_field_and_nothing_is_given(string patch, string field)
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var http = app.CreateClient();
        var order = new JsonObject { ["id"] = "r1", ["unitId"] = "t-s1", ["windowSeconds"] = 30 };

        // Act
        using var response = await http.PostJsonAsync("/api/walls/reload", order.Patched(patch));

        // Assert: the id is still free.
        await response.AssertFieldErrorAsync(field);
        using var valid = await http.PostJsonAsync("/api/walls/reload", order);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task A_banner_is_listed_its_repeat_is_a_duplicate_other_content_a_conflict_and_a_withdrawal_takes_it_off()
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var http = app.CreateClient();
        var banner = Banner("b1", "t-s1");

        // Act
        using var sent = await http.PostJsonAsync("/api/walls/banners", banner);
        using var repeat = await http.PostJsonAsync("/api/walls/banners", banner);
        using var other = await http.PostJsonAsync("/api/walls/banners", banner.Patched("""{"level":"urgent"}"""));
        var listed = await http.GetJsonAsync("/api/walls/banners?unitId=t-c1");
        using var withdrawn = await http.DeleteAsync("/api/walls/banners/b1");
        using var again = await http.DeleteAsync("/api/walls/banners/b1");
        using var unknown = await http.DeleteAsync("/api/walls/banners/nowhere");

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        await other.AssertProblemAsync(HttpStatusCode.Conflict);
        var shown = Assert.Single(listed.EnumerateArray());
        Assert.Equal("b1", shown.GetProperty("id").GetString());
        Assert.Equal("notice", shown.GetProperty("level").GetString());
        Assert.Equal("t-s1", shown.GetProperty("unitId").GetString());
        Assert.Equal(HttpStatusCode.Accepted, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await http.GetJsonAsync("/api/walls/banners")).GetArrayLength());
    }

    [Fact]
    public async Task A_leader_commands_the_walls_of_their_subtree_only()
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var admin = app.CreateClient();
        using var leader = app.CreateClientFor(await app.CreateAccountWithTokenAsync("leader-s2", Roles.Leader, "t-s2"));

        // Act
        using var outside = await leader.PostJsonAsync("/api/walls/banners", Banner("b1", "t-s1"));
        using var inside = await leader.PostJsonAsync("/api/walls/banners", Banner("b2", "t-c3"));
        using var reloadOutside = await leader.PostJsonAsync("/api/walls/reload", new JsonObject { ["id"] = "r1", ["unitId"] = "t-d" });
        using var wallsOutside = await leader.GetAsync("/api/walls?unitId=t-s1");
        using var adminBanner = await admin.PostJsonAsync("/api/walls/banners", Banner("b3", "t-s1"));
        using var withdrawOutside = await leader.DeleteAsync("/api/walls/banners/b3");

        // Assert: refused and changed nothing (the administrator's banner of the same id as the refused one is new).
        await outside.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, inside.StatusCode);
        await reloadOutside.AssertProblemAsync(HttpStatusCode.Forbidden);
        await wallsOutside.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, adminBanner.StatusCode);
        await withdrawOutside.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var adminRepeatOfRefused = await admin.PostJsonAsync("/api/walls/banners", Banner("b1", "t-s1"));
        Assert.Equal(HttpStatusCode.Accepted, adminRepeatOfRefused.StatusCode);
        var leadersList = await leader.GetJsonAsync("/api/walls/banners");
        Assert.Equal(["b2"], leadersList.EnumerateArray().Select(banner => banner.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData(Roles.Display, "t-s1")]
    [InlineData(Roles.Worker, "t-g1")]
    public async Task A_display_or_worker_gets_403_from_every_wall_operation(string role, string unitId)
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var admin = app.CreateClient();
        using var caller = app.CreateClientFor(await app.CreateAccountWithTokenAsync(
            "caller", role, unitId, role == Roles.Worker ? "t-w1" : null));
        using var adminBanner = await admin.PostJsonAsync("/api/walls/banners", Banner("b0", "t-s1"));

        // Act
        using var banner = await caller.PostJsonAsync("/api/walls/banners", Banner("b1", unitId));
        using var reload = await caller.PostJsonAsync("/api/walls/reload", new JsonObject { ["id"] = "r1", ["unitId"] = unitId });
        using var banners = await caller.GetAsync("/api/walls/banners");
        using var walls = await caller.GetAsync("/api/walls");
        using var withdrawal = await caller.DeleteAsync("/api/walls/banners/b0");

        // Assert
        foreach (var response in new[] { banner, reload, banners, walls, withdrawal })
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        var active = await admin.GetJsonAsync("/api/walls/banners");
        Assert.Equal(["b0"], active.EnumerateArray().Select(shown => shown.GetProperty("id").GetString()));
    }

    public void Dispose() => _directory.Dispose();

    private static JsonObject Banner(string id, string unitId) => new()
    {
        ["id"] = id,
        ["unitId"] = unitId,
        ["text"] = "今晚 20:00 起系统升级，大屏将短暂重启。",
        ["level"] = "notice",
        ["until"] = Api.Time(DateTimeOffset.UtcNow.AddHours(2)),
    };
}
