using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis;
using Dashboard.Web.Tests.Infrastructure;
using Grains.Reporting;
using Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Storage;

namespace Dashboard.Web.Tests.Apis;

/// <summary>
/// A scripted October and November in the test organisation (t-s1 and t-s2 under t-d), with the clock standing at
/// 20 November 12:00 in Shanghai, and the evaluation and bulletins computed by hand (issue 12, sections 2 and 3).
/// </summary>
public sealed class BulletinsApiTests(ScriptedMonths months) : IClassFixture<ScriptedMonths>
{
    private readonly HttpClient _admin = months.Client;

    [Fact]
    public async Task The_evaluation_ranks_the_children_by_score_with_last_months_ranks()
    {
        var evaluation = await _admin.GetJsonAsync("/api/units/t-d/evaluation");

        Assert.Equal("2026-11", evaluation.GetProperty("month").GetString());
        Assert.Equal("live", evaluation.GetProperty("coverage").GetString());
        var children = evaluation.GetProperty("children").EnumerateArray().ToList();
        // t-s2: due N5 (closed on time) and N6 (overdue): 0.5 × 60 + 0.5 × 30 + 1 × 10 = 55; October 2nd.
        // t-s1: due N1 (closed late, reworked) and N3 (resolved, extended): 0 × 60 + 0.5 × 30 + 0.5 × 10 = 20; October 1st.
        Assert.Equal(["t-s2", "t-s1"], children.Select(child => child.GetProperty("unitId").GetString()));
        Assert.Equal((1, 2, 1), Ranks(children[0]));
        Assert.Equal((2, 1, -1), Ranks(children[1]));
        AssertCases(children[0].GetProperty("cases"), due: 2, closed: 1, onTime: 1, reworked: 0, extended: 0, urges: 1, score: 55);
        AssertCases(children[1].GetProperty("cases"), due: 2, closed: 1, onTime: 0, reworked: 1, extended: 1, urges: 0, score: 20);
        Assert.Equal(0.5, children[1].GetProperty("cases").GetProperty("reworkRate").GetDouble());
        Assert.Equal(0.5, children[1].GetProperty("cases").GetProperty("extensionRate").GetDouble());
        AssertCases(evaluation.GetProperty("cases"), due: 4, closed: 2, onTime: 1, reworked: 1, extended: 1, urges: 1, score: 37.5);
    }

    [Fact]
    public async Task The_evaluation_counts_activities_per_worker_of_the_roster()
    {
        var evaluation = await _admin.GetJsonAsync("/api/units/t-d/evaluation?month=2026-11");

        var first = evaluation.GetProperty("children").EnumerateArray().Single(child => child.GetProperty("unitId").GetString() == "t-s1").GetProperty("activities");
        Assert.Equal(
            (4, 7, 1, 20, 0, 0, 4, 3),
            (first.GetProperty("visits").GetInt64(), first.GetProperty("households").GetInt64(), first.GetProperty("trainings").GetInt64(),
             first.GetProperty("trainingParticipants").GetInt64(), first.GetProperty("events").GetInt64(), first.GetProperty("eventParticipants").GetInt64(),
             first.GetProperty("workers").GetInt32(), first.GetProperty("activeWorkers").GetInt32()));
        Assert.Equal(1.0, first.GetProperty("perWorker").GetProperty("visits").GetDouble());
        Assert.Equal(1.75, first.GetProperty("perWorker").GetProperty("households").GetDouble());
    }

    [Fact]
    public async Task Last_months_evaluation_is_complete_and_ranks_by_its_own_cases()
    {
        var evaluation = await _admin.GetJsonAsync("/api/units/t-d/evaluation?month=2026-10");

        Assert.Equal("complete", evaluation.GetProperty("coverage").GetString());
        var children = evaluation.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(["t-s1", "t-s2"], children.Select(child => child.GetProperty("unitId").GetString()));
        Assert.Equal(100, children[0].GetProperty("cases").GetProperty("score").GetDouble());
        Assert.Equal(10, children[1].GetProperty("cases").GetProperty("score").GetDouble());
        Assert.True(children.All(child => child.GetProperty("isNew").GetBoolean()));
    }

    [Fact]
    public async Task The_monthly_bulletin_gives_totals_against_the_month_before_and_the_cases_to_urge()
    {
        var bulletin = await _admin.GetJsonAsync("/api/units/t-d/report?period=month&date=2026-11-05");
        var october = await _admin.GetJsonAsync("/api/units/t-d/report?period=month&date=2026-10-05");

        Assert.Equal(("month", "2026-11", "2026-11-01", "2026-11-30", "2026-10-01"), (
            bulletin.GetProperty("period").GetString(), bulletin.GetProperty("label").GetString(), bulletin.GetProperty("first").GetString(),
            bulletin.GetProperty("last").GetString(), bulletin.GetProperty("previousFirst").GetString()));
        var totals = bulletin.GetProperty("totals").EnumerateArray().ToDictionary(total => total.GetProperty("key").GetString()!);
        Assert.Equal((4, 1, 3, 300), Change(totals["visits"]));
        Assert.Equal((7, 1, 6, 600), Change(totals["households"]));
        Assert.Equal((6, 2, 4, 200), Change(totals["casesReported"]));
        Assert.Equal((4, 2, 2, 100), Change(totals["due"]));
        Assert.Equal((37.5, 55, -17.5, -31.8), Change(totals["score"]));
        Assert.Equal(JsonValueKind.Null, totals["trainings"].GetProperty("changePercent").ValueKind);
        // September had nothing due: no score, so no change of it.
        var octoberScore = october.GetProperty("totals").EnumerateArray().Single(total => total.GetProperty("key").GetString() == "score");
        Assert.Equal((55, JsonValueKind.Null, JsonValueKind.Null), (octoberScore.GetProperty("current").GetDouble(), octoberScore.GetProperty("change").ValueKind, octoberScore.GetProperty("changePercent").ValueKind));
        Assert.Equal(
            [(ScriptedMonths.OddCategory, 1L), ("环境卫生", 4L)],
            bulletin.GetProperty("categories").EnumerateArray().Select(c => (c.GetProperty("category").GetString(), c.GetProperty("count").GetInt64())).OrderBy(c => c.Item2));
        var overdue = bulletin.GetProperty("overdue").EnumerateArray().ToList();
        Assert.Equal(["O2", "N6"], overdue.Select(item => item.GetProperty("id").GetString()));
        // N6: deadline 17 November 12:00, the clock 20 November 12:00.
        Assert.Equal(3 * 24 * 60, overdue[1].GetProperty("overdueMinutes").GetInt64());
        Assert.Equal("第四网格", overdue[1].GetProperty("gridName").GetString());
        Assert.False(overdue[1].TryGetProperty("title", out _));
    }

    [Fact]
    public async Task A_past_bulletin_lists_the_cases_overdue_at_its_end_and_a_week_is_an_iso_week()
    {
        var october = await _admin.GetJsonAsync("/api/units/t-d/report?period=month&date=2026-10-20");
        var week = await _admin.GetJsonAsync("/api/units/t-d/report?period=week&date=2026-11-18");
        var day = await _admin.GetJsonAsync("/api/units/t-s1/report?period=day&date=2026-11-02");

        Assert.Equal(["O2"], october.GetProperty("overdue").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(("2026-W47", "2026-11-16", "2026-11-22"), (week.GetProperty("label").GetString(), week.GetProperty("first").GetString(), week.GetProperty("last").GetString()));
        Assert.Equal(1, Total(week, "visits"));
        Assert.Equal(1, Total(week, "events"));
        Assert.Equal(3, Total(day, "visits"));
    }

    [Fact]
    public async Task A_period_in_the_future_or_before_the_log_began_answers_empty_and_says_so()
    {
        var future = await _admin.GetJsonAsync("/api/units/t-d/report?period=day&date=2027-01-05");
        var before = await _admin.GetJsonAsync("/api/units/t-d/evaluation?month=2025-01");

        Assert.Equal("future", future.GetProperty("coverage").GetString());
        Assert.Equal(0, Total(future, "visits"));
        Assert.Equal("before-data", before.GetProperty("coverage").GetString());
        Assert.Equal("2026-10-10", before.GetProperty("dataFrom").GetString());
    }

    [Theory]
    [InlineData("/api/units/t-d/evaluation?month=2026-13", "month")]
    [InlineData("/api/units/t-d/evaluation?month=November", "month")]
    [InlineData("/api/units/t-d/report?period=year", "period")]
    [InlineData("/api/units/t-d/report?date=2026-11-31", "date")]
    [InlineData("/api/units/t-d/report?format=pdf", "format")]
    [InlineData("/api/units/t-d/report?lang=fr", "lang")]
    public async Task A_bad_month_period_date_format_or_language_is_a_field_error(string path, string field)
    {
        using var response = await _admin.GetAsync(path);

        await response.AssertFieldErrorAsync(field);
    }

    [Fact]
    public async Task The_csv_is_rfc_4180_with_a_byte_order_mark_and_a_chinese_file_name()
    {
        using var response = await _admin.GetAsync("/api/units/t-d/report?period=month&date=2026-11-05&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("测试区-月总结-2026-11.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("通报\r\n项目,内容\r\n单位,测试区\r\n期间,月总结 2026-11\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\n概况\r\n指标,本期,上期,环比变化,环比（%）\r\n走访,4,1,3,300\r\n", text, StringComparison.Ordinal);
        // A comma, a quote and a line break inside a field: quoted, the quote doubled.
        Assert.Contains("\r\n\"环境,\"\"夜间\"\"\n噪声\",1\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workbook_read_back_holds_the_same_cells()
    {
        using var response = await _admin.GetAsync("/api/units/t-d/report?period=month&date=2026-11-05&format=xlsx&lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BulletinsApi.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("测试区-monthly-summary-2026-11.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Bulletin", "Totals", "Units", "Categories", "Overdue"], MiniExcel.GetSheetNames(workbook));
        var totals = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "Totals").Cast<IDictionary<string, object>>().ToList();
        var visits = totals.Single(row => (string)row["Figure"] == "Visits");
        Assert.Equal((4.0, 1.0, 3.0, 300.0), (Number(visits["This period"]), Number(visits["Previous"]), Number(visits["Change"]), Number(visits["Change (%)"])));
        var units = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "Units").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["t-s2 第二街道", "t-s1 第一街道"], units.Select(row => $"{(Number(row["Rank"]) == 1 ? "t-s2" : "t-s1")} {row["Unit"]}"));
        Assert.Equal(["↑1", "↓1"], units.Select(row => (string)row["Move"]));
        Assert.Equal([55.0, 20.0], units.Select(row => Number(row["Score"])));
        var overdue = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "Overdue").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["O2", "N6"], overdue.Select(row => (string)row["Case"]));
        Assert.Equal("3 d 0 h", overdue[1]["Overdue by"]);
    }

    [Fact]
    public async Task A_street_leader_reads_their_own_subtree_only_and_a_display_reads_none()
    {
        using var leader = months.App.CreateClientFor(await months.App.CreateAccountWithTokenAsync(Api.UniqueId("leader"), Roles.Leader, unitId: "t-s1"));
        using var display = months.App.CreateClientFor(await months.App.CreateAccountWithTokenAsync(Api.UniqueId("display"), Roles.Display, unitId: "t-d"));

        using var own = await leader.GetAsync("/api/units/t-s1/evaluation");
        using var child = await leader.GetAsync("/api/units/t-c1/report?format=csv");
        using var other = await leader.GetAsync("/api/units/t-s2/report");
        using var above = await leader.GetAsync("/api/units/t-d/evaluation");
        using var wall = await display.GetAsync("/api/units/t-d/report");
        using var wallEvaluation = await display.GetAsync("/api/units/t-d/evaluation");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, child.StatusCode);
        await other.AssertProblemAsync(HttpStatusCode.Forbidden);
        await above.AssertProblemAsync(HttpStatusCode.Forbidden);
        await wall.AssertProblemAsync(HttpStatusCode.Forbidden);
        await wallEvaluation.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private static (int? Rank, int? Previous, int? Change) Ranks(JsonElement child) =>
        (Int(child.GetProperty("rank")), Int(child.GetProperty("previousRank")), Int(child.GetProperty("rankChange")));

    private static int? Int(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();

    private static (double, double, double, double) Change(JsonElement total) => (
        total.GetProperty("current").GetDouble(), total.GetProperty("previous").GetDouble(),
        total.GetProperty("change").GetDouble(), total.GetProperty("changePercent").GetDouble());

    private static double Total(JsonElement bulletin, string key) =>
        bulletin.GetProperty("totals").EnumerateArray().Single(total => total.GetProperty("key").GetString() == key).GetProperty("current").GetDouble();

    private static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static void AssertCases(JsonElement cases, long due, long closed, long onTime, long reworked, long extended, long urges, double score)
    {
        Assert.Equal(
            (due, closed, onTime, reworked, extended, urges, score),
            (cases.GetProperty("due").GetInt64(), cases.GetProperty("closed").GetInt64(), cases.GetProperty("closedOnTime").GetInt64(),
             cases.GetProperty("reworked").GetInt64(), cases.GetProperty("extended").GetInt64(), cases.GetProperty("urges").GetInt64(),
             cases.GetProperty("score").GetDouble()));
    }
}

/// <summary>
/// The scripted months, written once through the API (and one 督办, which this branch's lifecycle does not take yet,
/// straight into the log as issue 12 section 1 stores it), on a clock standing at 20 November 2026 12:00 in Shanghai.
/// </summary>
public sealed class ScriptedMonths : IAsyncLifetime, IDisposable
{
    /// <summary>The category of N6: a comma, quotes and a line break, for the CSV's quoting.</summary>
    public const string OddCategory = "环境,\"夜间\"\n噪声";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(At(11, 20, 12));

    public GridPulseApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = _directory.StartApp(services => services.AddSingleton<TimeProvider>(_clock));
        Client = App.CreateClient();

        await CaseAsync("O1", "t-g1", At(10, 10, 9), At(10, 12, 9), ("dispatch", At(10, 10, 10)), ("resolve", At(10, 11, 9)), ("close", At(10, 11, 10)));
        await CaseAsync("O2", "t-g4", At(10, 10, 9), At(10, 12, 9));
        await VisitAsync("v-oct", "t-g1", "t-w1", At(10, 15, 9), households: 1);

        await CaseAsync("N1", "t-g1", At(11, 2, 9), At(11, 5, 9),
            ("dispatch", At(11, 2, 10)), ("resolve", At(11, 3, 9)), ("reject", At(11, 3, 10)), ("resolve", At(11, 4, 9)), ("close", At(11, 6, 9)));
        await CaseAsync("N2", "t-g2", At(11, 3, 9), At(11, 30, 9));
        await CaseAsync("N3", "t-g3", At(11, 4, 9), At(11, 6, 9), ("dispatch", At(11, 4, 10)), ("extend", At(11, 5, 9)), ("resolve", At(11, 7, 9)));
        await CaseAsync("N4", "t-g1", At(11, 5, 9), At(11, 8, 9), ("cancel", At(11, 5, 10)));
        await CaseAsync("N5", "t-g4", At(11, 10, 9), At(11, 12, 9), ("dispatch", At(11, 10, 10)), ("resolve", At(11, 11, 9)), ("close", At(11, 11, 10)));
        await CaseAsync("N6", "t-g4", At(11, 15, 9), At(11, 17, 12), category: OddCategory);
        var log = App.Services.GetRequiredService<IEventLog>();
        await log.AppendAsync([new LogEntry(
            LogPayloads.CaseActionType, "N6-urge", LogPayloads.CaseStream("N6"),
            $$"""{"id":"N6-urge","caseId":"N6","action":"Urge","by":"测试区指挥中心","at":"{{At(11, 18, 9).UtcDateTime:O}}","note":"请尽快处置","deadline":null,"handler":null}""")]);

        for (var i = 0; i < 3; i++)
        {
            await VisitAsync($"v-nov-{i}", "t-g1", "t-w1", At(11, 2, 10), households: 2);
        }

        await VisitAsync("v-nov-3", "t-g2", "t-w2", At(11, 18, 10), households: 1);
        await ReportAsync(new JsonObject { ["id"] = "t-nov", ["gridId"] = "t-g2", ["workerId"] = "t-w3", ["kind"] = "training", ["occurredAt"] = Api.Time(At(11, 18, 11)), ["participants"] = 20 });
        await ReportAsync(new JsonObject { ["id"] = "e-nov", ["gridId"] = "t-g4", ["workerId"] = "t-w5", ["kind"] = "event", ["occurredAt"] = Api.Time(At(11, 19, 11)), ["participants"] = 30 });

        var last = (await log.ReadNewestAsync([LogPayloads.ReportType, LogPayloads.CaseType, LogPayloads.CaseActionType], 1)).Single().Sequence;
        await App.Services.GetRequiredService<ReportProjector>().WaitForAsync(last).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, Shanghai);

    private async Task CaseAsync(string id, string grid, DateTimeOffset reported, DateTimeOffset deadline, params (string Action, DateTimeOffset At)[] actions) =>
        await CaseAsync(id, grid, reported, deadline, "环境卫生", actions);

    private async Task CaseAsync(string id, string grid, DateTimeOffset reported, DateTimeOffset deadline, string category, params (string Action, DateTimeOffset At)[] actions)
    {
        var worker = grid switch { "t-g1" => "t-w1", "t-g2" => "t-w2", "t-g3" => "t-w4", _ => "t-w5" };
        var newCase = Api.Case(id, grid, worker);
        newCase["category"] = category;
        newCase["occurredAt"] = Api.Time(reported);
        newCase["deadline"] = Api.Time(deadline);
        await AcceptedAsync("/api/cases", newCase);
        var step = 0;
        foreach (var (action, at) in actions)
        {
            var body = Api.Action($"{id}-{step++}", action,
                handler: action == "dispatch" ? "网格中心" : null,
                note: action is "cancel" or "extend" ? "说明" : null,
                deadline: action == "extend" ? deadline.AddDays(2) : null);
            body["at"] = Api.Time(at);
            await AcceptedAsync($"/api/cases/{id}/actions", body);
        }
    }

    private Task VisitAsync(string id, string grid, string worker, DateTimeOffset at, int households)
    {
        var visit = Api.Visit(id, grid, worker);
        visit["occurredAt"] = Api.Time(at);
        visit["households"] = households;
        return ReportAsync(visit);
    }

    private Task ReportAsync(JsonObject report) => AcceptedAsync("/api/reports", report);

    private async Task AcceptedAsync(string path, JsonObject body)
    {
        using var response = await Client.PostJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
