using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Apis;

public sealed class ReplayApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private readonly HttpClient _client = app.Client;

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Shanghai).DateTime);

    [Fact]
    public async Task Yesterday_replays_from_midnight_with_its_reports_at_their_minute_gzipped()
    {
        // Arrange: a visit yesterday at 10:00 local time.
        var yesterday = Today.AddDays(-1);
        var visit = Api.Visit(Api.UniqueId("replayed"), "t-g1", "t-w1");
        visit["occurredAt"] = Api.Time(new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(10, 0)), Shanghai));
        using (var stored = await _client.PostJsonAsync("/api/reports", visit))
        {
            Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
        }

        // Act
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/units/t-s1/replay?date={yesterday:yyyy-MM-dd}");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await _client.SendAsync(request);
        var replay = await ReadGzippedAsync(response);
        var metrics = await _client.GetJsonAsync("/api/units/t-s1/metrics");

        // Assert
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.True(replay.GetProperty("recorded").GetBoolean());
        Assert.Equal(1440, replay.GetProperty("minutes").GetInt32());
        var start = replay.GetProperty("start");
        Assert.Equal(Names(metrics), Names(start));
        Assert.Equal(0, start.GetProperty("today").GetProperty("visits").GetInt64());
        var frames = replay.GetProperty("frames").EnumerateArray().ToList();
        var atTen = frames.Last(frame => frame.GetProperty("minute").GetInt32() <= 600);
        Assert.Equal(600, atTen.GetProperty("minute").GetInt32());
        Assert.Equal(1, atTen.GetProperty("snapshot").GetProperty("today").GetProperty("visits").GetInt64());
        Assert.Equal(1, atTen.GetProperty("snapshot").GetProperty("children")[0].GetProperty("today").GetProperty("visits").GetInt64());
        var item = Assert.Single(replay.GetProperty("feed").EnumerateArray());
        Assert.Equal(visit["id"]!.GetValue<string>(), item.GetProperty("id").GetString());
        Assert.Equal("t-s1", item.GetProperty("unitId").GetString());
    }

    [Fact]
    public async Task A_day_the_log_holds_no_event_time_of_says_it_is_not_recorded()
    {
        var replay = await _client.GetJsonAsync("/api/units/t-d/replay?date=2020-01-01");

        Assert.False(replay.GetProperty("recorded").GetBoolean());
        Assert.Empty(replay.GetProperty("frames").EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?date=")]
    [InlineData("?date=yesterday")]
    [InlineData("?date=2026-02-30")]
    [InlineData("?date=2026-1-5")]
    [InlineData("?date=0001-01-01")]
    public async Task A_malformed_date_is_a_field_error(string query)
    {
        using var response = await _client.GetAsync($"/api/units/t-d/replay{query}");

        await response.AssertFieldErrorAsync("date");
    }

    [Fact]
    public async Task A_future_date_is_a_field_error()
    {
        using var response = await _client.GetAsync($"/api/units/t-d/replay?date={Today.AddDays(2):yyyy-MM-dd}");

        var messages = await response.AssertFieldErrorAsync("date");
        Assert.Contains("未来", messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_unit_is_not_found()
    {
        using var response = await _client.GetAsync($"/api/units/no-such-unit/replay?date={Today:yyyy-MM-dd}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-unit", problem.Detail(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Names(JsonElement snapshot) => snapshot.EnumerateObject().Select(property => property.Name);

    private static async Task<JsonElement> ReadGzippedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(gzip);
        return document.RootElement.Clone();
    }
}
