using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

public sealed class LocalTimeTests
{
    [Fact]
    public async Task A_late_report_lands_in_its_own_day_and_not_in_today()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);

        // Act
        await host.Ingestion.SubmitReportAsync(Writes.Visit("late", "g1", "w1", GrainsHost.Noon.AddDays(-1)));

        // Assert
        foreach (var unitId in new[] { "g1", "c1", "d1" })
        {
            var snapshot = await host.SnapshotAsync(unitId);
            Assert.Equal(0, snapshot.Today.Visits);
            Assert.Equal(1, snapshot.Month.Visits);
            Assert.Equal(1, snapshot.Total.Visits);
            Assert.Equal(new DateOnly(2026, 3, 14), snapshot.Daily[^2].Date);
            Assert.Equal(1, snapshot.Daily[^2].Visits);
            Assert.Equal(0, snapshot.Daily[^1].Visits);
            Assert.All(snapshot.Hourly, h => Assert.Equal(0, h.Visits));
        }
    }

    [Fact]
    public async Task A_report_counts_in_the_local_day_and_hour_of_Shanghai()
    {
        // Arrange: 16:30 UTC is 00:30 of the next day in Shanghai.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 17, 0, 0, TimeSpan.Zero));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);

        // Act
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", new DateTimeOffset(2026, 3, 15, 16, 30, 0, TimeSpan.Zero)));

        // Assert
        var district = await host.SnapshotAsync("d1");
        Assert.Equal(1, district.Today.Visits);
        Assert.Equal(1, district.Hourly[0].Visits);
        Assert.Equal(new DateOnly(2026, 3, 16), district.Daily[^1].Date);
    }

    [Fact]
    public async Task The_day_rolls_over_at_local_midnight_without_a_write()
    {
        // Arrange: 23:30 in Shanghai.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 15, 30, 0, TimeSpan.Zero));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow().AddMinutes(-5)));
        var before = await host.SnapshotAsync("d1");

        // Act
        clock.Advance(TimeSpan.FromHours(1));

        // Assert
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Version > before.Version), "no new version at midnight");
        foreach (var unitId in new[] { "g1", "c1", "s1", "d1" })
        {
            var snapshot = await host.SnapshotAsync(unitId);
            Assert.Equal(0, snapshot.Today.Visits);
            Assert.Equal(1, snapshot.Month.Visits);
            Assert.All(snapshot.Hourly, h => Assert.Equal(0, h.Visits));
            Assert.Equal(new DateOnly(2026, 3, 16), snapshot.Daily[^1].Date);
            Assert.Equal(new DateOnly(2026, 3, 15), snapshot.Daily[^2].Date);
            Assert.Equal(1, snapshot.Daily[^2].Visits);
        }

        var district = await host.SnapshotAsync("d1");
        Assert.Equal(0, district.Children[0].Today.Visits);
    }

    [Fact]
    public async Task The_month_rolls_over_at_local_midnight_of_its_last_day()
    {
        // Arrange: 23:30 on 31 March in Shanghai.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow().AddMinutes(-5)));
        // An emergency (4 hours) reported at 18:30, late since 22:30: due this month, and open.
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", clock.GetUtcNow().AddHours(-5), "紧急救助"));
        var before = await host.SnapshotAsync("d1");
        Assert.Equal(1, before.Month.Visits);
        Assert.Equal((1, 0.0), (before.Cases.Due, before.Cases.ClosureRate));

        // Act
        clock.Advance(TimeSpan.FromHours(1));

        // Assert: the late case leaves the month's due cases when its grid wakes at midnight.
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Cases.Due == 0), "the district still counts last month's late case");
        var after = await host.SnapshotAsync("d1");
        Assert.Equal(0, after.Month.Visits);
        Assert.Equal(0, after.Month.CasesReported);
        Assert.Equal((0, null), (after.Cases.Due, after.Cases.ClosureRate));
        Assert.Equal(1, after.Total.Visits);
        Assert.Equal(1, after.Cases.Open);
    }

    [Fact]
    public async Task A_report_from_a_phone_a_few_minutes_ahead_past_midnight_keeps_today_intact()
    {
        // Arrange: 23:58 in Shanghai.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 15, 58, 0, TimeSpan.Zero));
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow().AddMinutes(-1)));

        // Act
        var result = await host.Ingestion.SubmitReportAsync(Writes.Visit("r2", "g1", "w1", clock.GetUtcNow().AddMinutes(4)));

        // Assert
        Assert.Equal(Interfaces.WriteOutcome.Accepted, result.Outcome);
        var district = await host.SnapshotAsync("d1");
        Assert.Equal(1, district.Today.Visits);
        Assert.Equal(1, district.Hourly[23].Visits);
        Assert.Equal(1, district.Children[0].Today.Visits);
        Assert.Equal(2, district.Total.Visits);
        clock.Advance(TimeSpan.FromMinutes(5));
        var tomorrow = await host.SnapshotAsync("d1");
        Assert.Equal((1, 1, 1), (tomorrow.Today.Visits, tomorrow.Hourly[0].Visits, tomorrow.Children[0].Today.Visits));
    }
}
