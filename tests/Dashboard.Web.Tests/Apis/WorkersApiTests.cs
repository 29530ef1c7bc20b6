using System.Net;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class WorkersApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Theory]
    [InlineData("on-duty", "onDuty")]
    [InlineData("patrolling", "patrolling")]
    [InlineData("off-duty", "offDuty")]
    public async Task A_status_is_accepted_and_shown_for_the_worker_and_counted(string status, string countField)
    {
        // Each case is later than the one before, so its status is the latest.
        var at = DateTimeOffset.UtcNow;

        using var response = await _client.PostJsonAsync("/api/workers/t-w5/status", Status(status, at));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var worker = (await _client.GetJsonAsync("/api/units/t-c3/workers")).EnumerateArray().Single(item => item.GetProperty("id").GetString() == "t-w5");
        Assert.Equal(status, worker.GetProperty("status").GetString());
        Assert.Equal("t-g4", worker.GetProperty("gridId").GetString());
        Assert.Equal("孙七", worker.GetProperty("name").GetString());
        Assert.Equal(1, await _client.CountAsync("t-s2", "workers", countField));
    }

    [Theory]
    [InlineData("""{"status": "busy"}""", "status")]
    [InlineData("""{"status": "onDuty"}""", "status")]
    [InlineData("""{"status": "offline"}""", "status")]
    [InlineData("""{"status": null}""", "status")]
    [InlineData("""{"at": null}""", "at")]
    [InlineData("""{"at": "10:30"}""", "at")]
    public async Task A_status_breaking_a_field_rule_is_refused_with_a_message_for_that_field(string patch, string field)
    {
        using var response = await _client.PostJsonAsync("/api/workers/t-w1/status", Status("on-duty", Api.RecentTime).Patched(patch));

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task A_status_in_the_future_is_refused()
    {
        using var response = await _client.PostJsonAsync("/api/workers/t-w1/status", Status("on-duty", DateTimeOffset.UtcNow.AddHours(1)));

        await response.AssertFieldErrorAsync("at");
    }

    [Theory]
    [InlineData("no-such-worker")]
    [InlineData("bad%20id")]
    public async Task The_status_of_an_unknown_worker_is_not_found(string workerId)
    {
        using var response = await _client.PostJsonAsync($"/api/workers/{workerId}/status", Status("on-duty", Api.RecentTime));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_status_with_an_unknown_field_is_refused()
    {
        var body = Status("on-duty", Api.RecentTime);
        body["location"] = "31.2,121.5";

        using var response = await _client.PostJsonAsync("/api/workers/t-w1/status", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("location", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_body_over_64_KB_is_too_large()
    {
        var body = Status("on-duty", Api.RecentTime);
        body["status"] = new string('x', 70 * 1024);

        using var response = await _client.PostJsonAsync("/api/workers/t-w1/status", body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private static JsonObject Status(string status, DateTimeOffset at) => new() { ["status"] = status, ["at"] = Api.Time(at) };
}
