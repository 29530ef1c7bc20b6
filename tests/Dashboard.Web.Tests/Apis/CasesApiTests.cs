using System.Net;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class CasesApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task A_new_case_is_accepted_and_readable_with_its_history()
    {
        var id = Api.UniqueId("case");
        var open = await _client.CountAsync("t-c1", "cases", "open");

        using var response = await _client.PostJsonAsync("/api/cases", Api.Case(id).Patched("""{"description": "三楼楼道堆满纸箱"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/cases/{id}", response.Headers.Location?.OriginalString);
        var view = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("reported", view.GetProperty("state").GetString());
        Assert.Equal("环境卫生", view.GetProperty("category").GetString());
        Assert.Equal("三楼楼道堆满纸箱", view.GetProperty("description").GetString());
        Assert.True(view.GetProperty("deadline").GetDateTimeOffset() > view.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.NotEmpty(view.GetProperty("history").EnumerateArray());
        Assert.Equal(open + 1, await _client.CountAsync("t-c1", "cases", "open"));
    }

    [Fact]
    public async Task A_given_deadline_is_kept()
    {
        var id = Api.UniqueId("case");
        var deadline = Api.RecentTime.AddDays(3);

        using var response = await _client.PostJsonAsync("/api/cases", Api.Case(id).Patched($$"""{"deadline": "{{Api.Time(deadline)}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var view = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), view.GetProperty("deadline").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("""{"id": null}""", "id")]
    [InlineData("""{"id": "a b"}""", "id")]
    [InlineData("""{"gridId": null}""", "gridId")]
    [InlineData("""{"workerId": null}""", "workerId")]
    [InlineData("""{"category": null}""", "category")]
    [InlineData("""{"category": "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"}""", "category")]
    [InlineData("""{"title": null}""", "title")]
    [InlineData("""{"title": "  "}""", "title")]
    [InlineData("""{"occurredAt": null}""", "occurredAt")]
    [InlineData("""{"occurredAt": "2025-06-01 09:30"}""", "occurredAt")]
    [InlineData("""{"deadline": "2000-01-01T00:00:00+08:00"}""", "deadline")]
    [InlineData("""{"deadline": "soon"}""", "deadline")]
    public async Task A_case_breaking_a_field_rule_is_refused_with_a_message_for_that_field(string patch, string field)
    {
        using var response = await _client.PostJsonAsync("/api/cases", Api.Case(Api.UniqueId("case")).Patched(patch));

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task A_title_over_100_or_a_description_over_2000_characters_is_refused()
    {
        var body = Api.Case(Api.UniqueId("case"));
        body["title"] = new string('题', 101);
        body["description"] = new string('述', 2001);

        using var response = await _client.PostJsonAsync("/api/cases", body);

        await response.AssertFieldErrorAsync("title");
        await response.AssertFieldErrorAsync("description");
    }

    [Theory]
    [InlineData("""{"gridId": "no-such-grid"}""")]
    [InlineData("""{"workerId": "t-w5"}""")]
    public async Task A_case_naming_an_unknown_grid_or_worker_is_not_found(string patch)
    {
        using var response = await _client.PostJsonAsync("/api/cases", Api.Case(Api.UniqueId("case")).Patched(patch));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_case_goes_through_dispatch_resolve_and_close()
    {
        var id = await CreateCaseAsync("t-g3", "t-w4");
        var closed = await _client.CountAsync("t-c2", "today", "casesClosed");

        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所")));
        Assert.Equal("dispatched", await StateAsync(id));
        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "resolve", note: "已清理")));
        Assert.Equal("resolved", await StateAsync(id));
        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "close")));

        var view = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("closed", view.GetProperty("state").GetString());
        Assert.Equal("环卫所", view.GetProperty("handler").GetString());
        Assert.Equal(4, view.GetProperty("history").GetArrayLength());
        Assert.Equal(closed + 1, await _client.CountAsync("t-c2", "today", "casesClosed"));
    }

    [Fact]
    public async Task A_rejected_resolution_goes_back_to_dispatched_and_counts_as_rework()
    {
        var id = await CreateCaseAsync("t-g3", "t-w4");
        await ActAsync(id, Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所"));
        await ActAsync(id, Api.Action(Api.UniqueId("a"), "resolve"));

        var status = await ActAsync(id, Api.Action(Api.UniqueId("a"), "reject", note: "未清理干净"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        var view = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("dispatched", view.GetProperty("state").GetString());
        Assert.Equal(1, view.GetProperty("reworkCount").GetInt32());
    }

    [Fact]
    public async Task An_illegal_transition_is_a_conflict_and_changes_nothing()
    {
        var id = await CreateCaseAsync();
        var before = await _client.GetJsonAsync($"/api/cases/{id}");

        using var response = await _client.PostJsonAsync($"/api/cases/{id}/actions", Api.Action(Api.UniqueId("a"), "close"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var after = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("reported", after.GetProperty("state").GetString());
        Assert.Equal(before.GetProperty("history").GetArrayLength(), after.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_cancelled_case_takes_no_more_actions()
    {
        var id = await CreateCaseAsync();
        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "cancel", note: "重复上报")));

        using var response = await _client.PostJsonAsync($"/api/cases/{id}/actions", Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("cancelled", await StateAsync(id));
    }

    [Fact]
    public async Task An_open_case_can_be_escalated_and_extended()
    {
        var id = await CreateCaseAsync();
        var deadline = (await _client.GetJsonAsync($"/api/cases/{id}")).GetProperty("deadline").GetDateTimeOffset();

        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "escalate", note: "社区无法处置")));
        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "extend", note: "需协调物业", deadline: deadline.AddDays(2))));

        var view = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("street", view.GetProperty("handlingLevel").GetString());
        Assert.Equal(deadline.AddDays(2).ToUnixTimeMilliseconds(), view.GetProperty("deadline").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task An_open_case_can_be_urged_without_changing_its_state_and_a_closed_one_cannot()
    {
        var id = await CreateCaseAsync("t-g3", "t-w4");
        var urges = await _client.CountAsync("t-c2", "cases", "urges");
        await ActAsync(id, Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所"));

        Assert.Equal(HttpStatusCode.Accepted, await ActAsync(id, Api.Action(Api.UniqueId("a"), "urge", note: "限今日处置完毕")));

        var view = await _client.GetJsonAsync($"/api/cases/{id}");
        Assert.Equal("dispatched", view.GetProperty("state").GetString());
        Assert.Equal(1, view.GetProperty("urgeCount").GetInt32());
        var entry = view.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("urge", "限今日处置完毕"), (entry.GetProperty("action").GetString(), entry.GetProperty("note").GetString()));
        Assert.Equal(urges + 1, await _client.CountAsync("t-c2", "cases", "urges"));
        await ActAsync(id, Api.Action(Api.UniqueId("a"), "resolve"));
        await ActAsync(id, Api.Action(Api.UniqueId("a"), "close"));
        using var late = await _client.PostJsonAsync($"/api/cases/{id}/actions", Api.Action(Api.UniqueId("a"), "urge", note: "再次督办"));
        await late.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"action": "fly"}""", "action")]
    [InlineData("""{"action": null}""", "action")]
    [InlineData("""{"id": null}""", "id")]
    [InlineData("""{"by": null}""", "by")]
    [InlineData("""{"by": "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五"}""", "by")]
    [InlineData("""{"at": null}""", "at")]
    [InlineData("""{"at": "2025-06-01T09:30:00"}""", "at")]
    [InlineData("""{"handler": null}""", "handler")]
    [InlineData("""{"deadline": "tomorrow"}""", "deadline")]
    public async Task An_action_breaking_a_field_rule_is_refused_with_a_message_for_that_field(string patch, string field)
    {
        var id = await CreateCaseAsync();
        var dispatch = Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所");

        using var response = await _client.PostJsonAsync($"/api/cases/{id}/actions", dispatch.Patched(patch));

        await response.AssertFieldErrorAsync(field);
        Assert.Equal("reported", await StateAsync(id));
    }

    [Theory]
    [InlineData("cancel", "note")]
    [InlineData("extend", "deadline")]
    [InlineData("extend", "note")]
    [InlineData("resolve", "handler")]
    [InlineData("urge", "note")]
    public async Task An_action_without_what_it_needs_or_with_what_it_does_not_take_is_refused(string action, string field)
    {
        var id = await CreateCaseAsync();
        var body = Api.Action(Api.UniqueId("a"), action, handler: action == "resolve" ? "环卫所" : null);

        using var response = await _client.PostJsonAsync($"/api/cases/{id}/actions", body);

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task A_note_over_500_characters_on_an_action_is_refused()
    {
        var id = await CreateCaseAsync();

        using var response = await _client.PostJsonAsync($"/api/cases/{id}/actions", Api.Action(Api.UniqueId("a"), "cancel", note: new string('因', 501)));

        await response.AssertFieldErrorAsync("note");
    }

    [Fact]
    public async Task An_action_on_an_unknown_case_is_not_found()
    {
        using var response = await _client.PostJsonAsync("/api/cases/no-such-case/actions", Api.Action(Api.UniqueId("a"), "close"));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_action_with_an_unknown_field_is_refused()
    {
        var id = await CreateCaseAsync();
        var body = Api.Action(Api.UniqueId("a"), "dispatch", handler: "环卫所");
        body["priority"] = "high";

        using var response = await _client.PostJsonAsync($"/api/cases/{id}/actions", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("priority", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_case_is_not_found()
    {
        using var response = await _client.GetAsync("/api/cases/no-such-case");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_case_body_over_64_KB_is_too_large()
    {
        using var response = await _client.PostJsonAsync("/api/cases", Api.Case(Api.UniqueId("case")).Patched($$"""{"description": "{{new string('x', 70 * 1024)}}"}"""));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private async Task<string> CreateCaseAsync(string grid = "t-g1", string worker = "t-w1")
    {
        var id = Api.UniqueId("case");
        using var response = await _client.PostJsonAsync("/api/cases", Api.Case(id, grid, worker));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return id;
    }

    private async Task<HttpStatusCode> ActAsync(string caseId, System.Text.Json.Nodes.JsonObject action)
    {
        using var response = await _client.PostJsonAsync($"/api/cases/{caseId}/actions", action);
        return response.StatusCode;
    }

    private async Task<string?> StateAsync(string caseId) =>
        (await _client.GetJsonAsync($"/api/cases/{caseId}")).GetProperty("state").GetString();
}
