using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class ReportBatchTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task A_batch_with_bad_items_stores_exactly_the_good_ones()
    {
        var stored = Api.Visit(Api.UniqueId("stored"), "t-g2", "t-w2");
        using var earlier = await _client.PostJsonAsync("/api/reports", stored);
        var good1 = Api.Visit(Api.UniqueId("good"), "t-g2", "t-w2");
        var good2 = Api.Visit(Api.UniqueId("good"), "t-g2", "t-w3").Patched("""{"households": 4}""");
        var withUnknownField = Api.Visit(Api.UniqueId("bad"), "t-g2", "t-w2");
        withUnknownField["colour"] = "red";
        var batch = new JsonArray(
            good1,
            Api.Visit(Api.UniqueId("bad"), "t-g2", "t-w2").Patched("""{"households": 0}"""),
            good2,
            Api.Visit(Api.UniqueId("bad"), "no-such-grid", "t-w2"),
            withUnknownField,
            stored.DeepClone(),
            stored.Patched("""{"households": 9}"""),
            "not a report");
        var (visits, households) = (await _client.CountAsync("t-g2", "total", "visits"), await _client.CountAsync("t-g2", "total", "households"));

        using var response = await _client.PostJsonAsync("/api/reports/batch", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(1, answer.GetProperty("duplicates").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray()
            .Select(item => (item.GetProperty("index").GetInt32(), item.GetProperty("status").GetInt32()))
            .ToArray();
        Assert.Equal([(1, 400), (3, 404), (4, 400), (6, 409), (7, 400)], rejected);
        Assert.All(answer.GetProperty("rejected").EnumerateArray(), item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("detail").GetString()));
        });
        Assert.Equal("$[4].colour: 不接受未知字段 colour。", answer.GetProperty("rejected")[2].GetProperty("detail").GetString());
        Assert.Equal(visits + 2, await _client.CountAsync("t-g2", "total", "visits"));
        Assert.Equal(households + 5, await _client.CountAsync("t-g2", "total", "households"));
    }

    [Fact]
    public async Task A_rejected_item_says_which_field_and_why()
    {
        var batch = new JsonArray(Api.Visit(Api.UniqueId("bad"), "t-g2", "t-w2").Patched("""{"households": 0}"""));

        using var response = await _client.PostJsonAsync("/api/reports/batch", batch);

        var item = (await response.ReadJsonAsync()).GetProperty("rejected")[0];
        Assert.Contains("households", item.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("入户数", item.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_item_of_the_wrong_type_names_its_path_in_the_batch()
    {
        var good = Api.Visit(Api.UniqueId("good"), "t-g2", "t-w2");
        var wrongType = Api.Visit(Api.UniqueId("bad"), "t-g2", "t-w2").Patched("""{"households": "3"}""");

        using var response = await _client.PostJsonAsync("/api/reports/batch", new JsonArray(good, wrongType, good.DeepClone()));

        var answer = await response.ReadJsonAsync();
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(1, answer.GetProperty("duplicates").GetInt32());
        var item = answer.GetProperty("rejected")[0];
        Assert.Equal(1, item.GetProperty("index").GetInt32());
        Assert.Contains("$[1].households", item.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_broken_after_good_items_is_refused_whole()
    {
        var good = Api.Visit(Api.UniqueId("good"), "t-g2", "t-w2");
        var visits = await _client.CountAsync("t-g2", "total", "visits");

        using var response = await _client.PostRawAsync("/api/reports/batch", $$"""[{{good.ToJsonString()}}, {"id": ]""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("不是有效的 JSON", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(visits, await _client.CountAsync("t-g2", "total", "visits"));
    }

    [Fact]
    public async Task A_batch_of_1000_is_stored_whole()
    {
        var batch = new JsonArray([.. Enumerable.Range(0, 1000).Select(_ => (JsonNode)Api.Visit(Api.UniqueId("bulk"), "t-g4", "t-w5"))]);
        var visits = await _client.CountAsync("t-s2", "total", "visits");

        using var response = await _client.PostJsonAsync("/api/reports/batch", batch);

        var answer = await response.ReadJsonAsync();
        Assert.Equal(1000, answer.GetProperty("accepted").GetInt32());
        Assert.Empty(answer.GetProperty("rejected").EnumerateArray());
        Assert.Equal(visits + 1000, await _client.CountAsync("t-s2", "total", "visits"));
    }

    [Fact]
    public async Task A_batch_of_more_than_1000_is_refused_whole()
    {
        var batch = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)Api.Visit(Api.UniqueId("over"), "t-g4", "t-w5"))]);
        var visits = await _client.CountAsync("t-s2", "total", "visits");

        using var response = await _client.PostJsonAsync("/api/reports/batch", batch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("1000", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(visits, await _client.CountAsync("t-s2", "total", "visits"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[{")]
    [InlineData("")]
    public async Task A_batch_that_is_not_a_non_empty_array_is_refused(string body)
    {
        using var response = await _client.PostRawAsync("/api/reports/batch", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_batch_over_4_MB_is_too_large()
    {
        var note = new string('x', 480);
        var batch = new JsonArray([.. Enumerable.Range(0, 1000).Select(_ => (JsonNode)Api.Visit(Api.UniqueId("big")).Patched($$"""{"note": "{{note}}", "category": "{{new string('y', 4000)}}"}"""))]);

        using var response = await _client.PostJsonAsync("/api/reports/batch", batch);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
