using Grains.Interfaces;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

/// <summary>
/// The wall's alerts as the units carry them (issue 12, section 4): the latest overdue cases of a subtree, and a unit's
/// report surge against the same hour of the four weeks before, on a hand-moved clock.
/// </summary>
public sealed class AlertTests
{
    [Fact]
    public async Task A_case_turning_overdue_shows_in_the_alerts_of_every_unit_above_it_and_leaves_them_when_resolved()
    {
        // Arrange: 紧急救助 has a 4 hour limit.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", GrainsHost.Noon, "紧急救助"));
        var running = await host.SnapshotAsync("d1");

        // Act
        clock.Advance(TimeSpan.FromHours(4.5));
        var overdue = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Alerts.Overdue.Count == 1);
        var district = await host.SnapshotAsync("d1");
        var street = await host.SnapshotAsync("s1");
        var grid = await host.SnapshotAsync("g1");
        var otherStreet = await host.SnapshotAsync("s2");
        await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a1", "case1", CaseActionKind.Dispatch, clock.GetUtcNow()));
        await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a2", "case1", CaseActionKind.Resolve, clock.GetUtcNow()));

        // Assert
        Assert.Empty(running.Alerts.Overdue);
        Assert.True(overdue, "the district never listed the case as overdue");
        var notice = Assert.Single(district.Alerts.Overdue);
        Assert.Equal(new OverdueNotice("case1", "紧急救助", "g1", [], GrainsHost.Noon.AddHours(4)), notice);
        Assert.Equal(["一街道", "一社区", "一网格"], notice.Path);
        Assert.Equal(["case1"], street.Alerts.Overdue.Select(n => n.CaseId));
        Assert.Equal(["case1"], grid.Alerts.Overdue.Select(n => n.CaseId));
        Assert.Empty(otherStreet.Alerts.Overdue);
        Assert.Empty((await host.SnapshotAsync("d1")).Alerts.Overdue);
        Assert.Empty((await host.SnapshotAsync("g1")).Alerts.Overdue);
    }

    [Fact]
    public async Task An_extended_case_leaves_the_alerts_and_comes_back_when_its_new_deadline_passes()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g3", "w3", GrainsHost.Noon, "紧急救助"));
        clock.Advance(TimeSpan.FromHours(5));
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Alerts.Overdue.Count == 1));

        // Act
        var newDeadline = clock.GetUtcNow().AddHours(2);
        await host.Ingestion.SubmitCaseActionAsync(new CaseAction("a1", "case1", CaseActionKind.Extend, "dispatcher", clock.GetUtcNow(), "等待配件", newDeadline, null));
        var extended = await host.SnapshotAsync("d1");
        clock.Advance(TimeSpan.FromHours(2.5));
        var overdueAgain = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Alerts.Overdue.Count == 1);

        // Assert
        Assert.Empty(extended.Alerts.Overdue);
        Assert.True(overdueAgain, "the case did not come back when its new deadline passed");
        Assert.Equal(newDeadline, (await host.SnapshotAsync("d1")).Alerts.Overdue.Single().Deadline);
    }

    [Fact]
    public async Task A_unit_carries_the_ten_cases_that_turned_overdue_latest_latest_first()
    {
        // Arrange: twelve cases in two streets, their deadlines an hour apart.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        for (var i = 1; i <= 12; i++)
        {
            var (grid, worker) = i % 2 == 0 ? ("g2", "w2") : ("g3", "w3");
            await host.Ingestion.SubmitCaseAsync(new NewCase($"case{i:00}", grid, worker, "环境卫生", "路面垃圾堆积", null, GrainsHost.Noon, GrainsHost.Noon.AddHours(i)));
        }

        // Act
        clock.Advance(TimeSpan.FromHours(13));
        var overdue = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Cases.Overdue == 12);
        var district = await host.SnapshotAsync("d1");

        // Assert
        Assert.True(overdue, "the district never counted the twelve overdue cases");
        Assert.Equal([.. Enumerable.Range(3, 10).Reverse().Select(i => $"case{i:00}")], district.Alerts.Overdue.Select(n => n.CaseId));
        Assert.Equal(["case12", "case10", "case08", "case06", "case04", "case02"], (await host.SnapshotAsync("s1")).Alerts.Overdue.Select(n => n.CaseId));
    }

    [Fact]
    public async Task Reports_above_three_times_the_hours_four_week_average_mark_the_unit_and_its_parents_ranking_until_the_hour_ends()
    {
        // Arrange: at 12:00 in g1, 2 reports yesterday, 4 a week ago, 8 four weeks ago and 100 the day before that (out
        // of the window): an average of (2 + 4 + 8) / 28 = 0.5 for g1, c1, s1 and d1. Then 9 reports this hour.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await VisitsAsync(host, "g1", "w1", GrainsHost.Noon.AddDays(-29).AddMinutes(5), 100);
        await VisitsAsync(host, "g1", "w1", GrainsHost.Noon.AddDays(-28).AddMinutes(5), 8);
        await VisitsAsync(host, "g1", "w1", GrainsHost.Noon.AddDays(-7).AddMinutes(5), 4);
        await VisitsAsync(host, "g1", "w1", GrainsHost.Noon.AddDays(-1).AddMinutes(5), 2);
        await VisitsAsync(host, "g1", "w1", GrainsHost.Noon.AddMinutes(5), 9);
        clock.Advance(TimeSpan.FromMinutes(30));
        var nine = await host.SnapshotAsync("d1");

        // Act
        await VisitsAsync(host, "g1", "w1", GrainsHost.Noon.AddMinutes(31), 1);
        var ten = await host.SnapshotAsync("d1");
        var community = await host.SnapshotAsync("c1");
        clock.Advance(TimeSpan.FromMinutes(31));
        var ended = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Children.All(c => c.Surge is null));

        // Assert
        var today = new DateOnly(2026, 3, 15);
        Assert.Null(nine.Alerts.Surge);
        Assert.All(nine.Children, c => Assert.Null(c.Surge));
        var expected = new ReportSurge(today, 12, 10, 0.5);
        Assert.Equal(expected, ten.Alerts.Surge);
        Assert.Equal(expected, ten.Children.Single(c => c.UnitId == "s1").Surge);
        Assert.Null(ten.Children.Single(c => c.UnitId == "s2").Surge);
        Assert.Equal(expected, community.Alerts.Surge);
        Assert.Equal(expected, community.Children.Single(c => c.UnitId == "g1").Surge);
        Assert.Null(community.Children.Single(c => c.UnitId == "g2").Surge);
        Assert.True(ended, "the surge outlived its hour");
        Assert.Null((await host.SnapshotAsync("c1")).Children.Single(c => c.UnitId == "g1").Surge);
        Assert.Null((await host.SnapshotAsync("d1")).Alerts.Surge);
    }

    [Fact]
    public async Task The_hours_a_surge_is_measured_against_come_back_from_the_grids_snapshot_after_a_reactivation()
    {
        // Arrange: 28 reports at 12:00 two weeks ago make an average of 1: this hour's 10 reports are a surge, 3 times
        // the average; the grid writes a snapshot after every report.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock, configureSilo: GrainsHost.SnapshotEvery(1));
        await VisitsAsync(host, "g3", "w3", GrainsHost.Noon.AddDays(-14).AddMinutes(1), 28);
        await VisitsAsync(host, "g3", "w3", GrainsHost.Noon.AddMinutes(1), 10);
        var before = await host.SnapshotAsync("g3");
        var snapshot = await host.LatestSnapshotAsync("g3");

        // Act
        await host.DeactivateAsync(((Orleans.Runtime.IAddressable)host.UnitGrain("g3")).GetGrainId());
        var reactivated = await host.SnapshotAsync("g3");
        var district = await host.SnapshotAsync("d1");

        // Assert
        var expected = new ReportSurge(new DateOnly(2026, 3, 15), 12, 10, 1);
        Assert.Equal(expected, before.Alerts.Surge);
        Assert.Contains(snapshot.Counts.History, day => day.Date == new DateOnly(2026, 3, 1) && day.Reports[12] == 28);
        Assert.Equal(expected, reactivated.Alerts.Surge);
        Assert.Equal(expected, district.Children.Single(c => c.UnitId == "s2").Surge);
    }

    private static async Task VisitsAsync(GrainsHost host, string grid, string worker, DateTimeOffset at, int count)
    {
        var reports = Enumerable.Range(0, count).Select(i => Writes.Visit($"{grid}-{at.UtcTicks}-{i}", grid, worker, at)).ToList();
        var results = await host.Ingestion.SubmitReportsAsync(reports);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Accepted, r.Outcome));
    }
}
