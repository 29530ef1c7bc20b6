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

    [Theory]
    [InlineData("state=open", "state")]
    [InlineData("state=Reported", "state")]
    [InlineData("overdue=maybe", "overdue")]
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
    public async Task The_cases_of_an_unknown_unit_are_not_found()
    {
        using var response = await _client.GetAsync("/api/cases?unit=no-such-unit");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<string> CreateAsync(string grid, string worker, int minutesAgo, DateTimeOffset? deadline = null)
    {
        var id = Api.UniqueId("case");
        var body = Api.Case(id, grid, worker);
        body["occurredAt"] = Api.Time(Api.RecentTime.AddMinutes(-minutesAgo));
        if (deadline is { } at)
        {
            body["deadline"] = Api.Time(at);
        }

        using var response = await _client.PostJsonAsync("/api/cases", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return id;
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
}
