using System.Net;
using System.Text.Json;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class CaseListTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task The_cases_of_a_subtree_are_listed_newest_first()
    {
        var oldest = await CreateAsync("t-g3", "t-w4", minutesAgo: 30);
        var middle = await CreateAsync("t-g3", "t-w4", minutesAgo: 20);
        var newest = await CreateAsync("t-g3", "t-w4", minutesAgo: 10);
        var elsewhere = await CreateAsync("t-g4", "t-w5", minutesAgo: 15);

        var ids = Ids(await _client.GetJsonAsync("/api/cases?unit=t-s1&pageSize=100"));

        Assert.Equal([newest, middle, oldest], ids.Where(id => id == oldest || id == middle || id == newest));
        Assert.DoesNotContain(elsewhere, ids);
    }

    [Fact]
    public async Task Without_a_unit_the_whole_organisation_is_listed()
    {
        var one = await CreateAsync("t-g1", "t-w1", minutesAgo: 5);
        var other = await CreateAsync("t-g4", "t-w5", minutesAgo: 5);

        var ids = Ids(await _client.GetJsonAsync("/api/cases?pageSize=100"));

        Assert.Contains(one, ids);
        Assert.Contains(other, ids);
    }

    [Fact]
    public async Task Cases_are_filtered_by_state()
    {
        var dispatched = await CreateAsync("t-g2", "t-w2", minutesAgo: 5);
        var reported = await CreateAsync("t-g2", "t-w2", minutesAgo: 5);
        using var dispatch = await _client.PostJsonAsync($"/api/cases/{dispatched}/actions", Api.Action(Api.UniqueId("a"), "dispatch", handler: "物业"));
        Assert.Equal(HttpStatusCode.Accepted, dispatch.StatusCode);

        var page = await _client.GetJsonAsync("/api/cases?unit=t-g2&state=dispatched&pageSize=100");

        Assert.Contains(dispatched, Ids(page));
        Assert.DoesNotContain(reported, Ids(page));
        Assert.All(page.GetProperty("items").EnumerateArray(), item => Assert.Equal("dispatched", item.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Overdue_cases_are_filtered_against_the_clock()
    {
        var overdue = await CreateAsync("t-g1", "t-w1", minutesAgo: 3 * 24 * 60, deadline: Api.RecentTime.AddDays(-1));
        var onTime = await CreateAsync("t-g1", "t-w1", minutesAgo: 5, deadline: Api.RecentTime.AddDays(5));

        var overduePage = await _client.GetJsonAsync("/api/cases?unit=t-c1&overdue=true&pageSize=100");
        var onTimePage = await _client.GetJsonAsync("/api/cases?unit=t-c1&overdue=false&pageSize=100");

        Assert.Contains(overdue, Ids(overduePage));
        Assert.DoesNotContain(onTime, Ids(overduePage));
        Assert.Contains(onTime, Ids(onTimePage));
        Assert.DoesNotContain(overdue, Ids(onTimePage));
        Assert.True((await _client.GetJsonAsync($"/api/cases/{overdue}")).GetProperty("overdue").GetBoolean());
        Assert.True(await _client.CountAsync("t-c1", "cases", "overdue") >= 1);
    }

    [Fact]
    public async Task A_list_comes_in_pages()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync("t-g4", "t-w5", minutesAgo: 40 + i);
        }

        var first = await _client.GetJsonAsync("/api/cases?unit=t-c3&page=1&pageSize=2");
        var second = await _client.GetJsonAsync("/api/cases?unit=t-c3&page=2&pageSize=2");

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.True(first.GetProperty("total").GetInt32() >= 3);
        Assert.Empty(Ids(first).Intersect(Ids(second)));
        Assert.NotEmpty(Ids(second));
    }

    [Fact]
    public async Task In_urgency_order_the_most_overdue_come_first_then_those_due_soonest_then_resolved_then_closed()
    {
        var overdueLong = await CreateAsync("t-g2", "t-w2", minutesAgo: 3 * 24 * 60, deadline: Api.RecentTime.AddDays(-2));
        var overdueShort = await CreateAsync("t-g2", "t-w2", minutesAgo: 3 * 24 * 60, deadline: Api.RecentTime.AddHours(-1));
        var dueLater = await CreateAsync("t-g2", "t-w2", minutesAgo: 5, deadline: Api.RecentTime.AddDays(3));
        var dueSooner = await CreateAsync("t-g2", "t-w2", minutesAgo: 5, deadline: Api.RecentTime.AddHours(5));
        var resolved = await CreateAsync("t-g2", "t-w2", minutesAgo: 1, deadline: Api.RecentTime.AddHours(1));
        await ActAsync(resolved, "dispatch", handler: "物业");
        await ActAsync(resolved, "resolve");
        var closed = await CreateAsync("t-g2", "t-w2", minutesAgo: 1);
        await ActAsync(closed, "dispatch", handler: "物业");
        await ActAsync(closed, "resolve");
        await ActAsync(closed, "close");
        string[] mine = [overdueLong, overdueShort, dueLater, dueSooner, resolved, closed];

        var ids = Ids(await _client.GetJsonAsync("/api/cases?unit=t-g2&order=urgency&pageSize=100"));

        Assert.Equal([overdueLong, overdueShort, dueSooner, dueLater, resolved, closed], ids.Where(mine.Contains));
    }

    [Fact]
    public async Task Cases_are_filtered_by_any_of_several_states_category_due_soon_and_text()
    {
        var dueSoon = await CreateAsync("t-g3", "t-w4", minutesAgo: 90, deadline: Api.RecentTime.AddMinutes(10), category: "安全隐患");
        var later = await CreateAsync("t-g3", "t-w4", minutesAgo: 5, deadline: Api.RecentTime.AddDays(3));
        var dispatched = await CreateAsync("t-g3", "t-w4", minutesAgo: 5);
        await ActAsync(dispatched, "dispatch", handler: "物业");
        var closed = await CreateAsync("t-g3", "t-w4", minutesAgo: 5);
        await ActAsync(closed, "dispatch", handler: "物业");
        await ActAsync(closed, "resolve");
        await ActAsync(closed, "close");

        var open = Ids(await _client.GetJsonAsync("/api/cases?unit=t-c2&state=reported,dispatched&pageSize=100"));
        var repeated = Ids(await _client.GetJsonAsync("/api/cases?unit=t-c2&state=reported&state=dispatched&pageSize=100"));
        var soon = Ids(await _client.GetJsonAsync("/api/cases?unit=t-c2&dueSoon=true&pageSize=100"));
        var hazards = Ids(await _client.GetJsonAsync($"/api/cases?unit=t-c2&category={Uri.EscapeDataString("安全隐患")}&pageSize=100"));
        var byId = Ids(await _client.GetJsonAsync($"/api/cases?unit=t-c2&q={later[^8..].ToUpperInvariant()}"));
        var byTitle = Ids(await _client.GetJsonAsync($"/api/cases?unit=t-c2&q={Uri.EscapeDataString("杂物")}&pageSize=100"));

        Assert.Contains(dueSoon, open);
        Assert.Contains(dispatched, open);
        Assert.DoesNotContain(closed, open);
        Assert.Equal(open, repeated);
        Assert.Contains(dueSoon, soon);
        Assert.DoesNotContain(later, soon);
        Assert.Equal([dueSoon], hazards);
        Assert.Equal([later], byId);
        Assert.Contains(closed, byTitle);
    }

    [Theory]
    [InlineData("state=open", "state")]
    [InlineData("state=Reported", "state")]
    [InlineData("state=reported,", "state")]
    [InlineData("state=reported,open", "state")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("dueSoon=1", "dueSoon")]
    [InlineData("category=", "category")]
    [InlineData("category=类别名称过长类别名称过长类别名称过长类别名称过长类别名称过长类别名称过长类别名称过长", "category")]
    [InlineData("q=%20", "q")]
    [InlineData("order=oldest", "order")]
    [InlineData("order=Urgency", "order")]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task A_bad_query_value_is_refused_with_a_message_for_it(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/cases?{query}");

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task A_case_is_listed_with_how_often_it_was_urged()
    {
        var urged = await CreateAsync("t-g2", "t-w2", minutesAgo: 5);
        var quiet = await CreateAsync("t-g2", "t-w2", minutesAgo: 5);
        await ActAsync(urged, "dispatch", handler: "物业");
        foreach (var note in (string[])["今日内处置", "再次督办"])
        {
            using var urge = await _client.PostJsonAsync($"/api/cases/{urged}/actions", Api.Action(Api.UniqueId("a"), "urge", note: note));
            Assert.Equal(HttpStatusCode.Accepted, urge.StatusCode);
        }

        var items = (await _client.GetJsonAsync("/api/cases?unit=t-g2&pageSize=100")).GetProperty("items").EnumerateArray()
            .ToDictionary(item => item.GetProperty("id").GetString()!, item => item.GetProperty("urgeCount").GetInt32());

        Assert.Equal((2, 0), (items[urged], items[quiet]));
    }

    [Fact]
    public async Task The_cases_of_an_unknown_unit_are_not_found()
    {
        using var response = await _client.GetAsync("/api/cases?unit=no-such-unit");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<string> CreateAsync(string grid, string worker, int minutesAgo, DateTimeOffset? deadline = null, string category = "环境卫生")
    {
        var id = Api.UniqueId("case");
        var body = Api.Case(id, grid, worker);
        body["category"] = category;
        body["occurredAt"] = Api.Time(Api.RecentTime.AddMinutes(-minutesAgo));
        if (deadline is { } at)
        {
            body["deadline"] = Api.Time(at);
        }

        using var response = await _client.PostJsonAsync("/api/cases", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return id;
    }

    private async Task ActAsync(string caseId, string action, string? handler = null)
    {
        using var response = await _client.PostJsonAsync($"/api/cases/{caseId}/actions", Api.Action(Api.UniqueId("a"), action, handler: handler));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
}
