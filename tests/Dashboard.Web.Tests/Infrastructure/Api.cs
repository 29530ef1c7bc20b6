using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>Requests and answers of the HTTP API as the tests use them.</summary>
public static class Api
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>A minute ago, in local (UTC+8) time: always today and never in the future.</summary>
    public static DateTimeOffset RecentTime => DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(Shanghai);

    public static string Time(DateTimeOffset time) =>
        time.ToOffset(Shanghai).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// Returns at once, or, within 20 seconds of the end of an hour, once the next has begun: a test that counts the
    /// reports of the current hour (a surge) must not straddle two. Shanghai's hours start with UTC's.
    /// </summary>
    public static async Task AwayFromTheHoursEndAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var nextHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        if (nextHour - now < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(nextHour - now + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A visit in <paramref name="grid"/> that occurred now (not <see cref="RecentTime"/>): it counts in this hour.</summary>
    public static JsonObject VisitNow(string grid, string worker)
    {
        var visit = Visit(UniqueId("now"), grid, worker);
        visit["occurredAt"] = Time(DateTimeOffset.UtcNow);
        return visit;
    }

    public static JsonObject Visit(string id, string grid = "t-g1", string worker = "t-w1") => new()
    {
        ["id"] = id,
        ["gridId"] = grid,
        ["workerId"] = worker,
        ["kind"] = "visit",
        ["occurredAt"] = Time(RecentTime),
    };

    public static JsonObject Case(string id, string grid = "t-g1", string worker = "t-w1") => new()
    {
        ["id"] = id,
        ["gridId"] = grid,
        ["workerId"] = worker,
        ["category"] = "环境卫生",
        ["title"] = "楼道堆放杂物",
        ["occurredAt"] = Time(RecentTime.AddMinutes(-10)),
    };

    public static JsonObject Action(string id, string action, string? handler = null, string? note = null, DateTimeOffset? deadline = null)
    {
        var body = new JsonObject { ["id"] = id, ["action"] = action, ["by"] = "社区网格中心", ["at"] = Time(RecentTime) };
        if (handler is not null)
        {
            body["handler"] = handler;
        }

        if (note is not null)
        {
            body["note"] = note;
        }

        if (deadline is { } at)
        {
            body["deadline"] = Time(at);
        }

        return body;
    }

    /// <summary>A copy of <paramref name="body"/> with the fields of <paramref name="patch"/> set, and those set to null removed.</summary>
    public static JsonObject Patched(this JsonObject body, string patch)
    {
        var copy = (JsonObject)body.DeepClone();
        foreach (var (name, value) in JsonNode.Parse(patch)!.AsObject())
        {
            if (value is null)
            {
                copy.Remove(name);
            }
            else
            {
                copy[name] = value.DeepClone();
            }
        }

        return copy;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.PostRawAsync(path, body.ToJsonString());

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>One count of a unit's snapshot, such as <c>today.visits</c> or <c>cases.open</c>.</summary>
    public static async Task<long> CountAsync(this HttpClient client, string unitId, string window, string field)
    {
        var snapshot = await client.GetJsonAsync($"/api/units/{unitId}/metrics");
        return snapshot.GetProperty(window).GetProperty(field).GetInt64();
    }

    /// <summary>Asserts an RFC 9457 problem answer of <paramref name="status"/> without a stack trace, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem with messages for <paramref name="field"/>, and returns them.</summary>
    public static async Task<string[]> AssertFieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        var texts = messages.EnumerateArray().Select(message => message.GetString()!).ToArray();
        Assert.NotEmpty(texts);
        Assert.All(texts, text => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", text));
        return texts;
    }

    /// <summary>The detail of a problem answer.</summary>
    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString() ?? "";
}
