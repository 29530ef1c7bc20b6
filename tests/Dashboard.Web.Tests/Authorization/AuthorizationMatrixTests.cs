using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Tests.Authorization;

/// <summary>
/// The authorization matrix of issue 5: every caller x every endpoint and hub method x a grid in and out of the
/// caller's scope, each cell asserted; a refused write must have stored nothing (the grid's version is unchanged and
/// an administrator's repeat of the same write is accepted, not a duplicate) and pushed nothing (an administrator's
/// hub connection on the grid sees the administrator's write as the first change after the refusal).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationFixture fixture) : IClassFixture<AuthorizationFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<Caller, Endpoint, Scope, Outcome> Cells => AccessRules.Cells();

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_gets_from_each_endpoint_what_its_scope_allows(Caller caller, Endpoint endpoint, Scope scope, Outcome expected)
    {
        var place = Place.Of(caller, scope);
        switch (endpoint)
        {
            case Endpoint.UnitList:
                await AssertUnitListAsync(caller, place, expected);
                break;
            case Endpoint.Subscribe:
                await AssertSubscribeAsync(caller, place, expected);
                break;
            case Endpoint.Report or Endpoint.ReportBatch or Endpoint.NewCase or Endpoint.CaseAction or Endpoint.CaseUrge or Endpoint.WorkerStatus:
                await AssertWriteAsync(caller, endpoint, await WriteAsync(caller, endpoint, scope), place, expected);
                break;
            default:
                await AssertReadAsync(caller, endpoint, place, expected);
                break;
        }
    }

    private async Task AssertUnitListAsync(Caller caller, Place place, Outcome expected)
    {
        using var response = await fixture.ClientOf(caller).GetAsync("/api/units");

        if (expected == Outcome.Unauthenticated)
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await response.ReadJsonAsync()).EnumerateArray().Select(unit => unit.GetProperty("id").GetString()).ToList();
        Assert.Equal(expected == Outcome.Allowed, ids.Contains(place.GridId));
    }

    private async Task AssertReadAsync(Caller caller, Endpoint endpoint, Place place, Outcome expected)
    {
        var caseId = AuthorizationFixture.CaseIn(place);
        var path = endpoint switch
        {
            Endpoint.Unit => $"/api/units/{place.GridId}",
            Endpoint.Metrics => $"/api/units/{place.GridId}/metrics",
            Endpoint.Replay => $"/api/units/{place.GridId}/replay?date={DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2):yyyy-MM-dd}",
            Endpoint.Workers => $"/api/units/{place.GridId}/workers",
            Endpoint.Activity => $"/api/units/{place.GridId}/activity",
            Endpoint.Case => $"/api/cases/{caseId}",
            Endpoint.CaseList => $"/api/cases?unit={place.GridId}",
            Endpoint.CaseQueue => $"/api/cases?unit={place.GridId}&state=reported,dispatched,resolved&order=urgency&q={caseId}",
            Endpoint.Evaluation => $"/api/units/{place.GridId}/evaluation",
            Endpoint.Bulletin => $"/api/units/{place.GridId}/report?period=day",
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };

        using var response = await fixture.ClientOf(caller).GetAsync(path);

        switch (expected)
        {
            case Outcome.Unauthenticated:
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
                break;
            case Outcome.Forbidden:
                var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
                Assert.Contains(endpoint == Endpoint.Case ? caseId : place.GridId, problem.Detail(), StringComparison.Ordinal);
                break;
            default:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.ReadJsonAsync();
                Assert.True(endpoint switch
                {
                    Endpoint.Unit => body.GetProperty("id").GetString() == place.GridId,
                    Endpoint.Metrics => body.GetProperty("unitId").GetString() == place.GridId,
                    Endpoint.Replay => body.GetProperty("start").GetProperty("unitId").GetString() == place.GridId,
                    Endpoint.Workers => body.EnumerateArray().Any(worker => worker.GetProperty("id").GetString() == place.WorkerId),
                    Endpoint.Activity => body.EnumerateArray().All(item => item.GetProperty("gridId").GetString() == place.GridId),
                    Endpoint.Case => body.GetProperty("id").GetString() == caseId,
                    Endpoint.Evaluation or Endpoint.Bulletin => body.GetProperty("unitId").GetString() == place.GridId,
                    _ => body.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("id").GetString() == caseId),
                }, $"unexpected answer to {path}: {body}");
                break;
        }
    }

    private async Task AssertSubscribeAsync(Caller caller, Place place, Outcome expected)
    {
        if (expected == Outcome.Unauthenticated)
        {
            // The JavaScript client negotiates first; without credentials the hub refuses before any method.
            using var negotiate = await fixture.ClientOf(caller).PostAsync("/hubs/metrics/negotiate?negotiateVersion=1", content: null);
            await negotiate.AssertProblemAsync(HttpStatusCode.Unauthorized);
            return;
        }

        await using var hub = await fixture.ConnectAsync(caller);
        if (expected == Outcome.Allowed)
        {
            var snapshot = await hub.InvokeAsync("Subscribe", place.GridId);
            Assert.Equal(place.GridId, snapshot.GetProperty("unitId").GetString());
            return;
        }

        var refusal = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", place.GridId));
        Assert.Contains($"无权订阅单位“{place.GridId}”", refusal.Message, StringComparison.Ordinal);

        // No subscription was recorded: a change of the refused grid, pushed to a witness, reaches this connection
        // neither before nor with the next change of a grid it may follow.
        var readable = Place.Of(caller, Scope.In).GridId;
        var followed = Version(await hub.InvokeAsync("Subscribe", readable));
        await using var witness = await fixture.ConnectAsync(Caller.Admin);
        var refusedVersion = Version(await witness.InvokeAsync("Subscribe", place.GridId));
        await PostVisitAsAdminAsync(place);
        await NextNewerAsync(witness, place.GridId, refusedVersion);
        await PostVisitAsAdminAsync(Place.All.Single(p => p.GridId == readable));
        var seen = await UnitsPushedUntilAsync(hub, readable, followed);
        Assert.DoesNotContain(place.GridId, seen);
    }

    private async Task AssertWriteAsync(Caller caller, Endpoint endpoint, Write write, Place place, Outcome expected)
    {
        await using var witness = await fixture.ConnectAsync(Caller.Admin);
        var before = Version(await witness.InvokeAsync("Subscribe", place.GridId));

        using var response = await fixture.ClientOf(caller).PostJsonAsync(write.Path, write.Body);

        if (expected == Outcome.Allowed)
        {
            await AssertStoredAsync(response, endpoint, duplicate: false);
            Assert.Equal(before + 1, Version(await NextNewerAsync(witness, place.GridId, before)));
            using var repeat = await fixture.Admin.PostJsonAsync(write.Path, write.Body);
            await AssertStoredAsync(repeat, endpoint, duplicate: true);
            return;
        }

        var problem = await response.AssertProblemAsync(expected == Outcome.Forbidden ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized);
        if (expected == Outcome.Forbidden)
        {
            Assert.Contains("未做任何修改", problem.Detail(), StringComparison.Ordinal);
        }

        Assert.Equal(before, Version(await fixture.Admin.GetJsonAsync($"/api/units/{place.GridId}/metrics")));
        using var afterwards = await fixture.Admin.PostJsonAsync(write.Path, write.Body);
        await AssertStoredAsync(afterwards, endpoint, duplicate: false);
        Assert.Equal(before + 1, Version(await NextNewerAsync(witness, place.GridId, before)));
    }

    /// <summary>The write of a cell, with ids of its own; a batch out of scope mixes a report in scope with one outside.</summary>
    private async Task<Write> WriteAsync(Caller caller, Endpoint endpoint, Scope scope)
    {
        var place = Place.Of(caller, scope);
        switch (endpoint)
        {
            case Endpoint.Report:
                return new("/api/reports", Api.Visit(Api.UniqueId("matrix-report"), place.GridId, place.WorkerId));
            case Endpoint.ReportBatch:
                var first = Place.Of(caller, Scope.In);
                return new("/api/reports/batch", new JsonArray(
                    Api.Visit(Api.UniqueId("matrix-batch"), first.GridId, first.WorkerId),
                    Api.Visit(Api.UniqueId("matrix-batch"), place.GridId, place.WorkerId)));
            case Endpoint.NewCase:
                return new("/api/cases", Api.Case(Api.UniqueId("matrix-new-case"), place.GridId, place.WorkerId));
            case Endpoint.CaseAction or Endpoint.CaseUrge:
                var caseId = Api.UniqueId("matrix-acted-case");
                using (var created = await fixture.Admin.PostJsonAsync("/api/cases", Api.Case(caseId, place.GridId, place.WorkerId)))
                {
                    Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
                }

                var action = endpoint == Endpoint.CaseUrge
                    ? Api.Action(Api.UniqueId("matrix-urge"), "urge", note: "限今日处置")
                    : Api.Action(Api.UniqueId("matrix-action"), "dispatch", handler: "网格中心");
                action["by"] = caller == Caller.Worker ? Place.OwnGrid.WorkerId : "街道指挥中心";
                return new($"/api/cases/{caseId}/actions", action);
            default:
                return new($"/api/workers/{place.WorkerId}/status", new JsonObject { ["status"] = "patrolling", ["at"] = Api.Time(Api.RecentTime) });
        }
    }

    private static async Task AssertStoredAsync(HttpResponseMessage response, Endpoint endpoint, bool duplicate)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (endpoint == Endpoint.ReportBatch)
        {
            Assert.True(HttpStatusCode.OK == response.StatusCode, text);
            var answer = await response.ReadJsonAsync();
            Assert.Equal((duplicate ? 0 : 2, duplicate ? 2 : 0, 0), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicates").GetInt32(), answer.GetProperty("rejected").GetArrayLength()));
            return;
        }

        Assert.True((duplicate ? HttpStatusCode.OK : HttpStatusCode.Accepted) == response.StatusCode, text);
        Assert.Equal(duplicate ? "duplicate" : "accepted", (await response.ReadJsonAsync()).GetProperty("status").GetString());
    }

    private async Task PostVisitAsAdminAsync(Place place)
    {
        using var response = await fixture.Admin.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("matrix-witnessed"), place.GridId, place.WorkerId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    // A push of the version a subscription answered with may still arrive just after it; those are skipped.
    private static async Task<JsonElement> NextNewerAsync(HubTestClient hub, string unitId, long than)
    {
        var (pushed, _) = await hub.NextMatchingAsync("metrics", s => s.GetProperty("unitId").GetString() == unitId && Version(s) > than, Patience);
        return pushed;
    }

    /// <summary>The units of every push until one of <paramref name="unitId"/> newer than <paramref name="than"/>, that one included.</summary>
    private static async Task<List<string?>> UnitsPushedUntilAsync(HubTestClient hub, string unitId, long than)
    {
        var units = new List<string?>();
        while (true)
        {
            var pushed = await hub.NextAsync("metrics", Patience);
            units.Add(pushed.GetProperty("unitId").GetString());
            if (units[^1] == unitId && Version(pushed) > than)
            {
                return units;
            }
        }
    }

    private static long Version(JsonElement snapshot) => snapshot.GetProperty("version").GetInt64();

    private sealed record Write(string Path, JsonNode Body);
}
