using Grains.Interfaces;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

public sealed class ClockDrivenTests
{
    [Fact]
    public async Task A_case_becomes_due_soon_then_overdue_by_the_clock_alone()
    {
        // Arrange: 紧急救助 has a 4 hour limit, so it is due soon from 3h12m and overdue after 4h.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", GrainsHost.Noon, "紧急救助"));
        var fresh = await host.SnapshotAsync("d1");

        // Act
        clock.Advance(TimeSpan.FromHours(3.5));
        var dueSoon = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Cases.DueSoon == 1);
        var dueSoonSnapshot = await host.SnapshotAsync("d1");
        clock.Advance(TimeSpan.FromHours(1));
        var overdue = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Cases.Overdue == 1);

        // Assert
        Assert.Equal((1, 0, 0), (fresh.Cases.Open, fresh.Cases.DueSoon, fresh.Cases.Overdue));
        Assert.True(dueSoon, "the district never saw the case due soon");
        Assert.Equal(0, dueSoonSnapshot.Cases.Overdue);
        Assert.True(dueSoonSnapshot.Version > fresh.Version);
        Assert.True(overdue, "the district never saw the case overdue");
        var last = await host.SnapshotAsync("d1");
        Assert.Equal(0, last.Cases.DueSoon);
        Assert.True((await host.Cases.GetAsync("case1"))!.Overdue);
        var listed = await host.Cases.ListAsync("d1", null, overdue: true, 1, 10);
        Assert.Equal(["case1"], listed!.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_resolved_case_is_never_overdue()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", GrainsHost.Noon, "紧急救助"));
        await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a1", "case1", CaseActionKind.Dispatch, clock.GetUtcNow()));
        await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a2", "case1", CaseActionKind.Resolve, clock.GetUtcNow()));

        // Act
        clock.Advance(TimeSpan.FromHours(5));

        // Assert
        var grid = await host.SnapshotAsync("g1");
        Assert.Equal((1, 0, 0), (grid.Cases.Open, grid.Cases.Overdue, grid.Cases.DueSoon));
    }

    [Fact]
    public async Task A_worker_goes_offline_after_15_minutes_of_silence_by_the_clock_alone()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w1", WorkerDutyStatus.Patrolling, clock.GetUtcNow()));
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g3", "w3", clock.GetUtcNow()));
        var heard = await host.SnapshotAsync("d1");

        // Act
        clock.Advance(TimeSpan.FromMinutes(14));
        var stillThere = await host.SnapshotAsync("g1");
        clock.Advance(TimeSpan.FromMinutes(2));
        var offline = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Workers.Offline == 4);

        // Assert
        Assert.Equal(new WorkerCounts(1, 1, 0, 2, 4), heard.Workers);
        Assert.Equal(1, stillThere.Workers.Patrolling);
        Assert.True(offline, "the district never saw the workers offline");
        var workers = await host.Units.GetWorkersAsync("d1");
        Assert.All(workers!, w => Assert.Equal(WorkerPresence.Offline, w.Status));
        Assert.Equal(clock.GetUtcNow().AddMinutes(-16), workers!.Single(w => w.Id == "w1").LastSeen);
    }

    [Fact]
    public async Task The_latest_status_wins_whatever_the_order_it_arrives_in()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);

        // Act
        await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w2", WorkerDutyStatus.OffDuty, clock.GetUtcNow()));
        await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w2", WorkerDutyStatus.OnDuty, clock.GetUtcNow().AddMinutes(-5)));

        // Assert
        var community = await host.SnapshotAsync("c1");
        Assert.Equal(new WorkerCounts(0, 0, 1, 2, 3), community.Workers);
    }
}
