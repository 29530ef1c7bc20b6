using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class ReportsApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task A_visit_is_accepted_and_counted_in_its_grid_and_up_the_tree()
    {
        var id = Api.UniqueId("visit");
        var before = await _client.CountAsync("t-d", "today", "households");

        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(id, "t-g2", "t-w3").Patched("""{"households": 3}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal(id, answer.GetProperty("id").GetString());
        Assert.Equal("accepted", answer.GetProperty("status").GetString());
        Assert.Equal(before + 3, await _client.CountAsync("t-d", "today", "households"));
    }

    [Theory]
    [InlineData("training", "trainings", "trainingParticipants")]
    [InlineData("event", "events", "eventParticipants")]
    public async Task Trainings_and_events_are_counted_with_their_participants(string kind, string countField, string participantsField)
    {
        var report = Api.Visit(Api.UniqueId(kind), "t-g4", "t-w5").Patched($$"""{"kind": "{{kind}}", "participants": 25, "category": "宣传"}""");
        var (count, participants) = (await _client.CountAsync("t-c3", "month", countField), await _client.CountAsync("t-c3", "month", participantsField));

        using var response = await _client.PostJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(count + 1, await _client.CountAsync("t-c3", "month", countField));
        Assert.Equal(participants + 25, await _client.CountAsync("t-c3", "month", participantsField));
    }

    [Fact]
    public async Task The_same_report_again_is_a_duplicate_and_counted_once()
    {
        var report = Api.Visit(Api.UniqueId("again"));
        using var first = await _client.PostJsonAsync("/api/reports", report);
        var visits = await _client.CountAsync("t-g1", "total", "visits");

        using var second = await _client.PostJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", (await second.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(visits, await _client.CountAsync("t-g1", "total", "visits"));
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_a_conflict_and_changes_nothing()
    {
        var report = Api.Visit(Api.UniqueId("conflict"));
        using var first = await _client.PostJsonAsync("/api/reports", report);
        var households = await _client.CountAsync("t-g1", "total", "households");

        using var response = await _client.PostJsonAsync("/api/reports", report.Patched("""{"households": 5}"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(households, await _client.CountAsync("t-g1", "total", "households"));
        using var original = await _client.PostJsonAsync("/api/reports", report);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
    }

    [Theory]
    [InlineData("""{"gridId": "no-such-grid"}""")]
    [InlineData("""{"workerId": "no-such-worker"}""")]
    [InlineData("""{"workerId": "t-w4"}""")]
    [InlineData("""{"gridId": "t-c1"}""")]
    public async Task A_report_naming_an_unknown_grid_or_worker_is_not_found(string patch)
    {
        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("unknown")).Patched(patch));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"id": null}""", "id")]
    [InlineData("""{"id": ""}""", "id")]
    [InlineData("""{"id": "has space"}""", "id")]
    [InlineData("""{"id": "编号"}""", "id")]
    [InlineData("""{"id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""", "id")]
    [InlineData("""{"gridId": null}""", "gridId")]
    [InlineData("""{"workerId": "a/b"}""", "workerId")]
    [InlineData("""{"kind": null}""", "kind")]
    [InlineData("""{"kind": "walk"}""", "kind")]
    [InlineData("""{"kind": "Visit"}""", "kind")]
    [InlineData("""{"occurredAt": null}""", "occurredAt")]
    [InlineData("""{"occurredAt": "2025-06-01T09:30:00"}""", "occurredAt")]
    [InlineData("""{"occurredAt": "yesterday"}""", "occurredAt")]
    [InlineData("""{"occurredAt": "2025-13-01T09:30:00+08:00"}""", "occurredAt")]
    [InlineData("""{"households": 0}""", "households")]
    [InlineData("""{"households": -2}""", "households")]
    [InlineData("""{"participants": 3}""", "participants")]
    [InlineData("""{"kind": "training", "households": 2}""", "households")]
    [InlineData("""{"kind": "event", "participants": -1}""", "participants")]
    [InlineData("""{"category": "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"}""", "category")]
    public async Task A_report_breaking_a_field_rule_is_refused_with_a_message_for_that_field(string patch, string field)
    {
        var visits = await _client.CountAsync("t-d", "total", "visits");

        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("invalid")).Patched(patch));

        await response.AssertFieldErrorAsync(field);
        Assert.Equal(visits, await _client.CountAsync("t-d", "total", "visits"));
    }

    [Fact]
    public async Task Households_below_one_say_so_in_chinese()
    {
        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("zero")).Patched("""{"households": 0}"""));

        Assert.Equal(["入户数必须是不小于 1 的整数"], await response.AssertFieldErrorAsync("households"));
    }

    [Fact]
    public async Task A_note_longer_than_500_characters_is_refused()
    {
        var report = Api.Visit(Api.UniqueId("note"));
        report["note"] = new string('记', 501);

        using var response = await _client.PostJsonAsync("/api/reports", report);

        await response.AssertFieldErrorAsync("note");
    }

    [Fact]
    public async Task A_report_more_than_five_minutes_in_the_future_is_refused()
    {
        var report = Api.Visit(Api.UniqueId("future"));
        report["occurredAt"] = Api.Time(DateTimeOffset.UtcNow.AddMinutes(30));

        using var response = await _client.PostJsonAsync("/api/reports", report);

        await response.AssertFieldErrorAsync("occurredAt");
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_naming_where()
    {
        using var response = await _client.PostRawAsync("/api/reports", """{"id": "x1", "gridId": """);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.Detail(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("path", out _));
    }

    [Fact]
    public async Task An_unknown_field_is_refused_by_name()
    {
        var report = Api.Visit(Api.UniqueId("unknown-field"));
        report["colour"] = "red";

        using var response = await _client.PostJsonAsync("/api/reports", report);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("$.colour: 不接受未知字段 colour。", problem.Detail());
    }

    [Fact]
    public async Task A_text_field_given_a_number_is_refused_as_not_a_string()
    {
        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("number")).Patched("""{"note": 3}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("$.note: 应为字符串。", problem.Detail());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_refused_with_its_path()
    {
        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("type")).Patched("""{"households": "3"}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("$.households", problem.GetProperty("path").GetString());
        Assert.Contains("整数", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fractional_number_of_households_is_refused()
    {
        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("fraction")).Patched("""{"households": 1.5}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("$.households", problem.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_field_given_twice_is_refused()
    {
        var id = Api.UniqueId("twice");
        var json = Api.Visit(id).ToJsonString().Replace("{", """{"id": "other",""", StringComparison.Ordinal);

        using var response = await _client.PostRawAsync("/api/reports", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("$.id: 字段重复。", problem.Detail());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"visit\"")]
    public async Task A_body_that_is_not_one_json_object_is_refused(string body)
    {
        using var response = await _client.PostRawAsync("/api/reports", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_unsupported_media_type()
    {
        using var response = await _client.PostRawAsync("/api/reports", Api.Visit(Api.UniqueId("text")).ToJsonString(), "text/plain");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_too_large()
    {
        var report = Api.Visit(Api.UniqueId("large"));
        report["note"] = new string('x', 70 * 1024);

        using var response = await _client.PostJsonAsync("/api/reports", report);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_streamed_body_without_a_length_over_64_KB_is_too_large()
    {
        var report = Api.Visit(Api.UniqueId("streamed"));
        report["note"] = new string('x', 70 * 1024);
        using var content = new UnsizedContent(Encoding.UTF8.GetBytes(report.ToJsonString()));

        using var response = await _client.PostAsync("/api/reports", content);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_visit_without_households_counts_one_household()
    {
        var before = await _client.CountAsync("t-g3", "total", "households");

        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("default"), "t-g3", "t-w4"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, await _client.CountAsync("t-g3", "total", "households"));
    }

    [Fact]
    public async Task A_late_report_lands_in_its_own_day()
    {
        var twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2).ToOffset(TimeSpan.FromHours(8));
        var report = Api.Visit(Api.UniqueId("late"), "t-g3", "t-w4");
        report["occurredAt"] = Api.Time(twoDaysAgo);
        var day = DateOnly.FromDateTime(twoDaysAgo.DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = await DailyVisitsAsync("t-g3", day);

        using var response = await _client.PostJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, await DailyVisitsAsync("t-g3", day));
    }

    private async Task<long> DailyVisitsAsync(string unitId, string date)
    {
        var snapshot = await _client.GetJsonAsync($"/api/units/{unitId}/metrics");
        return snapshot.GetProperty("daily").EnumerateArray().Single(day => day.GetProperty("date").GetString() == date).GetProperty("visits").GetInt64();
    }

    /// <summary>A body sent without a Content-Length, so only the bytes read can tell its size.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
