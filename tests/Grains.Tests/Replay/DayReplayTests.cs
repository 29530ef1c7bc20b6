using Grains.Interfaces;
using Grains.Replay;
using Grains.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests.Replay;

public sealed class DayReplayTests
{
    private static readonly string[] Units = ["d1", "s1", "c1", "g1", "g2"];

    // 2026-03-15 in Shanghai starts at 16:00 UTC the day before.
    private static readonly DateOnly Day = new(2026, 3, 15);
    private static readonly DateTimeOffset Midnight = new(2026, 3, 14, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_replayed_day_shows_at_each_moment_what_the_live_grains_showed_then()
    {
        // Arrange: a history before the day, then a scripted day on the manual clock through the real write path.
        var clock = new FakeTimeProvider(Midnight.AddHours(7));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportsAsync(
        [
            Writes.Visit("old1", "g1", "w1", Midnight.AddDays(-3).AddHours(9), 2),
            Writes.Event("old2", "g3", "w3", Midnight.AddDays(-40), 30),
            Writes.Training("old3", "g2", "w2", Midnight.AddDays(-1).AddHours(15), 8),
        ]);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("old-case", "g2", "w2", Midnight.AddDays(-2), "紧急救助"));
        await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w4", WorkerDutyStatus.OffDuty, Midnight.AddHours(-1)));
        var live = new List<(DateTimeOffset At, string UnitId, UnitSnapshot Snapshot)>();

        // Act: each step writes at the clock's time, then the live snapshots are recorded once the grains agree with
        // a replay of today up to now (the walls see them settle the same way: children push to their parents).
        await AtAsync(clock, Midnight.AddHours(8), async now =>
        {
            await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", now, 3));
            await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w2", WorkerDutyStatus.Patrolling, now));
            await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", now, "紧急救助"));
        });
        await RecordAsync(host, clock, live);
        await AtAsync(clock, Midnight.AddHours(9).AddMinutes(10), async now =>
        {
            await host.Ingestion.SubmitReportsAsync([Writes.Training("r2", "g3", "w3", now, 12), Writes.Event("r3", "g2", "w2", now, 40)]);
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a1", "case1", CaseActionKind.Dispatch, now));
            await host.Ingestion.SubmitCaseAsync(Writes.Case("case2", "g2", "w2", now));
            await host.Ingestion.SubmitCaseAsync(Writes.Case("case3", "g1", "w4", now, "治安隐患"));
        });
        await RecordAsync(host, clock, live);
        await AtAsync(clock, Midnight.AddHours(11).AddMinutes(30), async now =>
        {
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a2", "case2", CaseActionKind.Dispatch, now));
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a3", "case2", CaseActionKind.Resolve, now));
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a4", "case3", CaseActionKind.Cancel, now));
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a5", "case1", CaseActionKind.Urge, now));
        });
        await RecordAsync(host, clock, live);
        await AtAsync(clock, Midnight.AddHours(12).AddMinutes(30), async now =>
        {
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a6", "case2", CaseActionKind.Close, now));
            await host.Ingestion.SubmitReportAsync(Writes.Visit("r4", "g2", "w2", now.AddMinutes(-1)));
        });
        await RecordAsync(host, clock, live);
        clock.SetUtcNow(Midnight.AddDays(1).AddHours(1));
        var replays = new Dictionary<string, ReplayedDay>();
        foreach (var unitId in Units)
        {
            replays[unitId] = (await Replay(host).BuildAsync(unitId, Day, clock.GetUtcNow(), CancellationToken.None))!;
        }

        // Assert
        Assert.Equal(4 * Units.Length, live.Count);
        foreach (var (at, unitId, snapshot) in live)
        {
            var replay = replays[unitId];
            Assert.True(replay.Recorded);
            Assert.Equal(1440, replay.Frames.Count);
            SameWall(snapshot, replay.Frames[(int)(at - Midnight).TotalMinutes]);
        }

        // The numbers moved: the case turned overdue by the clock, the worker went silent, the day's visits grew.
        var district = replays["d1"].Frames;
        Assert.Equal((0, 1), (district[(8 * 60) - 1].Today.Visits, district[8 * 60].Today.Visits));
        Assert.Equal((1, 2), (district[(11 * 60) + 59].Cases.Overdue, district[(12 * 60) + 1].Cases.Overdue));
        Assert.Equal(["r1", "case1", "r2", "r3", "case2", "case3", "r4"], replays["d1"].Feed.Select(item => item.Id));
        Assert.All(replays["d1"].Feed, item => Assert.Equal("d1", item.UnitId));
        Assert.Equal(["r1", "case1", "r3", "case2", "case3", "r4"], replays["s1"].Feed.Select(item => item.Id));
    }

    [Fact]
    public async Task A_day_with_no_event_time_in_the_log_says_it_is_not_recorded()
    {
        var clock = new FakeTimeProvider(Midnight.AddDays(2));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", Midnight.AddDays(1)));

        var quiet = await Replay(host).BuildAsync("d1", Day, clock.GetUtcNow(), CancellationToken.None);
        var busy = await Replay(host).BuildAsync("d1", Day.AddDays(1), clock.GetUtcNow(), CancellationToken.None);
        var unknown = await Replay(host).BuildAsync("nowhere", Day, clock.GetUtcNow(), CancellationToken.None);

        Assert.False(quiet!.Recorded);
        Assert.True(busy!.Recorded);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task Today_plays_up_to_now()
    {
        var clock = new FakeTimeProvider(Midnight.AddHours(10).AddSeconds(30));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", Midnight.AddHours(10)));

        var today = await Replay(host).BuildAsync("g1", Day, clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((10 * 60) + 1, today!.Frames.Count);
        Assert.Equal(1, today.Frames[^1].Today.Visits);
        Assert.Equal(Midnight.AddHours(10), today.Frames[^1].AsOf);
    }

    private static DayReplay Replay(GrainsHost host) => host.Services.GetRequiredService<DayReplay>();

    private static async Task AtAsync(FakeTimeProvider clock, DateTimeOffset at, Func<DateTimeOffset, Task> writes)
    {
        clock.SetUtcNow(at);
        await writes(at);
    }

    /// <summary>Records each unit's live snapshot once it has settled: equal to the replay of today up to now.</summary>
    private static async Task RecordAsync(GrainsHost host, FakeTimeProvider clock, List<(DateTimeOffset, string, UnitSnapshot)> live)
    {
        var now = clock.GetUtcNow();
        var date = host.Services.GetRequiredService<LocalClock>().DateOf(now);
        foreach (var unitId in Units)
        {
            UnitSnapshot? settled = null;
            var agreed = await Eventually.TrueAsync(async () =>
            {
                var replay = await Replay(host).BuildAsync(unitId, date, now.AddTicks(1), CancellationToken.None);
                settled = await host.SnapshotAsync(unitId);
                return IsSameWall(settled, replay!.Frames[^1]);
            });
            Assert.True(agreed, $"{unitId} at {now:u} never showed what its replay shows");
            live.Add((now, unitId, settled!));
        }
    }

    private static bool IsSameWall(UnitSnapshot expected, UnitSnapshot actual)
    {
        try
        {
            SameWall(expected, actual);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>Everything a wall draws: the numbers, the charts, the ranking and the alerts; not the version or the time.</summary>
    private static void SameWall(UnitSnapshot expected, UnitSnapshot actual)
    {
        SnapshotAssert.SameNumbers(expected, actual);
        Assert.Equal((expected.UnitId, expected.Name, expected.Level), (actual.UnitId, actual.Name, actual.Level));
        Assert.Equal(expected.Alerts.Overdue, actual.Alerts.Overdue);
        Assert.Equal(expected.Alerts.Surge, actual.Alerts.Surge);
    }
}
