using System.Globalization;
using System.Text.Json;
using Dashboard.Web.Simulation;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Simulation;

/// <summary>The demo's history backfill inside the app: a fresh log gets the past days once, through ingestion.</summary>
public sealed class HistoryBackfillInAppTests : IDisposable
{
    private const string District = "xihaian";
    private const int HistoryDays = 7;

    private static readonly TimeZoneInfo Shanghai = DemoOrganisation.Shanghai;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("gridpulse-history-").FullName;

    [Fact]
    public async Task A_fresh_demo_gets_the_past_days_in_the_past_once_and_a_restart_does_not_write_them_again()
    {
        long visitsWritten;
        await using (var app = HistoryApp(_dataDirectory, seed: 1))
        {
            using var client = app.CreateClient();

            var result = await BackfillOf(app);
            var now = DateTimeOffset.UtcNow;
            var snapshot = await client.GetJsonAsync($"/api/units/{District}/metrics");

            Assert.True(result.Written);
            Assert.Equal(0, result.Refused);
            Assert.True(result.Cases > 0 && result.CaseActions > result.Cases, $"cases and their actions: {result}");
            AssertEveryPastDayHasVisits(snapshot, now);
            AssertNothingInTheFuture(snapshot, now);
            await AssertNoCaseInTheFutureAsync(client, now);
            var reported = Count(snapshot, "total", "casesReported");
            var closed = Count(snapshot, "total", "casesClosed");
            Assert.InRange(closed, reported * 0.8, reported);
            visitsWritten = Count(snapshot, "total", "visits");
            Assert.True(visitsWritten >= result.Reports * 0.9, $"{visitsWritten} visits of {result.Reports} reports");
        }

        await using (var restarted = HistoryApp(_dataDirectory, seed: 2))
        {
            using var client = restarted.CreateClient();

            var result = await BackfillOf(restarted);
            var snapshot = await client.GetJsonAsync($"/api/units/{District}/metrics");

            Assert.False(result.Written);
            Assert.Equal(visitsWritten, Count(snapshot, "total", "visits"));
        }
    }

    [Fact]
    public async Task The_demo_writes_thirty_days_of_history_unless_told_otherwise()
    {
        await using var app = HistoryApp(_dataDirectory, seed: 1, historyDays: null, rate: 0);
        using var client = app.CreateClient();

        var result = await BackfillOf(app);

        Assert.Equal("30", app.Services.GetRequiredService<IConfiguration>()["Simulator:HistoryDays"]);
        Assert.False(result.Written, "the simulator is off, so nothing is written");
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static Task<HistoryBackfillResult> BackfillOf(GridPulseApp app) =>
        app.Services.GetRequiredService<HistoryBackfill>().Completion.WaitAsync(Deadline);

    private static void AssertEveryPastDayHasVisits(JsonElement snapshot, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime);
        var daily = snapshot.GetProperty("daily").EnumerateArray().ToDictionary(
            day => DateOnly.Parse(day.GetProperty("date").GetString()!, CultureInfo.InvariantCulture),
            day => day.GetProperty("visits").GetInt64());
        for (var back = 1; back <= HistoryDays; back++)
        {
            var date = today.AddDays(-back);
            Assert.True(daily.GetValueOrDefault(date) > 0, $"visits on {date}");
        }

        Assert.Equal(0, daily.Where(day => day.Key < today.AddDays(-HistoryDays)).Sum(day => day.Value));
    }

    private static void AssertNothingInTheFuture(JsonElement snapshot, DateTimeOffset now)
    {
        var hour = TimeZoneInfo.ConvertTime(now, Shanghai).Hour;
        var later = snapshot.GetProperty("hourly").EnumerateArray().Skip(hour + 1)
            .Sum(bucket => bucket.GetProperty("visits").GetInt64() + bucket.GetProperty("cases").GetInt64());
        Assert.Equal(0, later);
    }

    private static async Task AssertNoCaseInTheFutureAsync(HttpClient client, DateTimeOffset now)
    {
        var page = await client.GetJsonAsync($"/api/cases?unit={District}&pageSize=5");
        var newest = page.GetProperty("items").EnumerateArray().First();
        Assert.True(newest.GetProperty("occurredAt").GetDateTimeOffset() <= now, $"newest case {newest}");
    }

    private static long Count(JsonElement snapshot, string part, string field) => snapshot.GetProperty(part).GetProperty(field).GetInt64();

    /// <summary>
    /// The demo organisation with the simulator so slow that it adds nothing while a test looks, so every number
    /// comes from the history.
    /// </summary>
    private static GridPulseApp HistoryApp(string dataDirectory, int seed, int? historyDays = HistoryDays, double rate = 0.0001)
    {
        var settings = new Dictionary<string, string>
        {
            ["Simulator:Rate"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Simulator:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
        };
        if (historyDays is { } days)
        {
            settings["Simulator:HistoryDays"] = days.ToString(CultureInfo.InvariantCulture);
        }

        return GridPulseApp.ForDemo(dataDirectory, settings);
    }
}
