using Grains.Interfaces;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests.Units;

public sealed class GridGrainTests
{
    [Fact]
    public async Task A_grid_without_cases_lists_none_then_counts_lists_and_watches_its_first_case()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportsAsync([Writes.Visit("r1", "g2", "w2", GrainsHost.Noon)]);
        var before = await host.SnapshotAsync("g2");
        var listedBefore = await host.Cases.ListAsync("g2", null, null, 1, 10);

        // Act
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g2", "w2", GrainsHost.Noon, "紧急救助"));
        var after = await host.SnapshotAsync("g2");
        clock.Advance(TimeSpan.FromHours(5));
        var overdue = await Eventually.TrueAsync(async () => (await host.SnapshotAsync("g2")).Cases.Overdue == 1);

        // Assert
        Assert.Equal((0, 0L, 0), (before.Cases.Open, before.Month.CasesReported, before.Categories.Count));
        Assert.Empty(listedBefore!.Items);
        Assert.Equal((1, 1L), (after.Cases.Open, after.Month.CasesReported));
        Assert.Equal([new CategoryCount("紧急救助", 1)], after.Categories);
        Assert.Equal(["case1"], (await host.Cases.ListAsync("g2", null, null, 1, 10))!.Items.Select(c => c.Id));
        Assert.True(overdue, "the grid never saw its first case overdue");
    }

    [Fact]
    public async Task A_closed_case_stays_listed_and_counted_but_no_longer_turns_overdue()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g2", "w2", GrainsHost.Noon, "紧急救助"));
        foreach (var (id, kind) in new[] { ("a1", CaseActionKind.Dispatch), ("a2", CaseActionKind.Resolve), ("a3", CaseActionKind.Close) })
        {
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action(id, "case1", kind, clock.GetUtcNow()));
        }

        // Act
        clock.Advance(TimeSpan.FromHours(5));
        var grid = await host.SnapshotAsync("g2");

        // Assert
        Assert.Equal((0, 0, 1L, 1L), (grid.Cases.Open, grid.Cases.Overdue, grid.Today.CasesReported, grid.Today.CasesClosed));
        Assert.Equal(["case1"], (await host.Cases.ListAsync("g2", CaseState.Closed, null, 1, 10))!.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Each_worker_of_a_grid_keeps_its_own_status_and_an_unknown_worker_changes_nothing()
    {
        // Arrange: g1 has w1 and w4.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var grid = host.Grains.GetGrain<IGridGrain>("g1");
        await grid.RecordWorkerStatusAsync(new WorkerStatusReport("w4", WorkerDutyStatus.Patrolling, GrainsHost.Noon));
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", GrainsHost.Noon));
        var before = await host.SnapshotAsync("g1");

        // Act
        await grid.RecordWorkerStatusAsync(new WorkerStatusReport("w2", WorkerDutyStatus.OffDuty, GrainsHost.Noon));

        // Assert
        var after = await host.SnapshotAsync("g1");
        Assert.Equal(new WorkerCounts(1, 1, 0, 0, 2), after.Workers);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(
            [("w1", WorkerPresence.OnDuty), ("w4", WorkerPresence.Patrolling)],
            (await grid.GetWorkersAsync()).Select(w => (w.Id, w.Status)));
    }

    [Fact]
    public async Task A_repeated_worker_status_is_handed_to_the_grid_again_and_changes_nothing()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var status = new WorkerStatusReport("w4", WorkerDutyStatus.Patrolling, GrainsHost.Noon);
        Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitWorkerStatusAsync(status)).Outcome);
        var before = await host.SnapshotAsync("g1");

        // Act
        var repeat = await host.Ingestion.SubmitWorkerStatusAsync(status);

        // Assert
        Assert.Equal(WriteOutcome.Duplicate, repeat.Outcome);
        var after = await host.SnapshotAsync("g1");
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Workers, after.Workers);
        Assert.Equal(1, after.Workers.Patrolling);
    }
}
