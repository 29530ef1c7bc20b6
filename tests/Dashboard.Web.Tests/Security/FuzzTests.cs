using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Security;

/// <summary>
/// Thousands of random and malformed bodies posted to every write endpoint with a fixed seed: none crashes the
/// server, each is refused with a problem that shows no code, and nothing is stored (issue 5, spec 9). The label of
/// a new token or link is optional, and so is the body carrying it: an empty body there is a valid request, so those
/// endpoints are left out.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int Seed = 20_261_121;
    private const int BodiesPerEndpoint = 560;
    private const string CaseId = "fuzz-case";
    private const string LeaderId = "fuzz-leader";

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Malformed_bodies_on_every_write_endpoint_are_refused_with_a_problem_and_store_nothing()
    {
        // Arrange
        // The client carries the administrator token, which may write everything and is not rate limited.
        await using var app = _directory.StartApp();
        using var client = app.CreateClient();
        using (var created = await client.PostJsonAsync("/api/cases", Api.Case(CaseId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        }

        using (var created = await client.PostJsonAsync("/api/accounts", new JsonObject { ["id"] = LeaderId, ["name"] = "街道书记", ["role"] = "leader", ["unitId"] = "t-s1" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var before = await StoredStateAsync(client);
        var bodies = new MalformedBodies(Seed);
        var failures = new List<string>();
        var sent = 0;

        // Act
        foreach (var (path, valid, required) in Endpoints())
        {
            for (var i = 0; i < BodiesPerEndpoint; i++)
            {
                var body = path.EndsWith("/batch", StringComparison.Ordinal) ? Batch(bodies, i, valid, required) : bodies.Next(i, valid, required);
                if (await JudgeAsync(client, path, body) is { } failure)
                {
                    failures.Add(failure);
                }

                sent++;
            }
        }

        // Assert
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers broke the rules; the first:\n{string.Join('\n', failures.Take(10))}");
        Assert.Equal(before, await StoredStateAsync(client));
    }

    public void Dispose() => _directory.Dispose();

    private static IEnumerable<(string Path, JsonObject Valid, string[] Required)> Endpoints()
    {
        yield return ("/api/reports", Api.Visit("fuzz-report"), ["id", "gridId", "workerId", "kind", "occurredAt"]);
        yield return ("/api/reports/batch", Api.Visit("fuzz-batch"), ["id", "gridId", "workerId", "kind", "occurredAt"]);
        yield return ("/api/cases", Api.Case("fuzz-new-case"), ["id", "gridId", "workerId", "category", "title", "occurredAt"]);
        yield return ($"/api/cases/{CaseId}/actions", Api.Action("fuzz-action", "dispatch", handler: "李四"), ["id", "action", "by", "at"]);
        yield return ("/api/workers/t-w1/status", new JsonObject { ["status"] = "patrolling", ["at"] = Api.Time(Api.RecentTime) }, ["status", "at"]);
        yield return ("/api/accounts", new JsonObject { ["id"] = "fuzz-display", ["name"] = "大屏", ["role"] = "display", ["unitId"] = "t-d" }, ["name", "role"]);
        yield return ($"/api/accounts/{LeaderId}/password", new JsonObject { ["password"] = "网格化基层治理2026" }, ["password"]);
    }

    // A batch: sometimes malformed as a whole, otherwise an array of malformed items.
    private static MalformedBody Batch(MalformedBodies bodies, int index, JsonObject valid, string[] required)
    {
        if (index % 3 == 0)
        {
            var whole = bodies.Next(index / 3, valid, required);
            return whole.Mutation == "array-for-object" ? new MalformedBody("object-for-array", Encoding.UTF8.GetBytes(valid.ToJsonString())) : whole;
        }

        // An item's content type is the batch's, so a valid item under a wrong one would be a valid item.
        var items = Enumerable.Range(0, 1 + (index % 5))
            .Select(item => bodies.Next(index + item, valid, required))
            .Where(item => item.ContentType == "application/json")
            .DefaultIfEmpty(new MalformedBody("empty", []))
            .ToList();
        List<byte> bytes = [(byte)'['];
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                bytes.Add((byte)',');
            }

            bytes.AddRange(items[i].Bytes.Length == 0 ? "null"u8.ToArray() : items[i].Bytes);
        }

        bytes.Add((byte)']');
        return new MalformedBody("batch of " + string.Join(", ", items.Select(item => item.Mutation)), [.. bytes]);
    }

    private static async Task<string?> JudgeAsync(HttpClient client, string path, MalformedBody body)
    {
        using var content = new ByteArrayContent(body.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType) { CharSet = "utf-8" };
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var where = $"{path} {body.Mutation} ({body.Bytes.Length} bytes): {status} {Shorten(text)}";
        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
        {
            return "stack trace or exception in " + where;
        }

        if (status is >= 200 and < 300)
        {
            return IsBatchThatStoredNothing(path, text) ? null : "accepted " + where;
        }

        if (status >= 500)
        {
            return "server error " + where;
        }

        return IsProblem(response, text, status) ? null : "not a problem document " + where;
    }

    private static bool IsBatchThatStoredNothing(string path, string text)
    {
        if (!path.EndsWith("/batch", StringComparison.Ordinal))
        {
            return false;
        }

        using var answer = JsonDocument.Parse(text);
        return answer.RootElement.GetProperty("accepted").GetInt32() == 0 && answer.RootElement.GetProperty("duplicates").GetInt32() == 0;
    }

    private static bool IsProblem(HttpResponseMessage response, string text, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.TryGetProperty("status", out var code) && code.GetInt32() == status
            && problem.RootElement.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    // Everything a write could change: the district's counts and version, the cases listed, the accounts.
    private static async Task<string> StoredStateAsync(HttpClient client)
    {
        var accounts = await client.GetJsonAsync("/api/accounts");
        var district = await client.GetJsonAsync($"/api/units/{TestOrganisation.District}/metrics");
        var cases = await client.GetJsonAsync($"/api/cases?unit={TestOrganisation.District}");
        var state = new StringBuilder();
        foreach (var part in new[] { "version", "today", "total", "cases", "workers" })
        {
            state.Append(part).Append('=').Append(district.GetProperty(part).ToString()).Append('\n');
        }

        return state.Append("cases=").Append(cases.ToString()).Append("\naccounts=").Append(accounts.ToString()).ToString();
    }
}
