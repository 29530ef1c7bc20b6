using Grains.Interfaces;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

public sealed class QueryTests
{
    [Fact]
    public async Task Cases_of_a_subtree_are_listed_newest_first_filtered_and_paged()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var now = clock.GetUtcNow();
        await host.Ingestion.SubmitCaseAsync(Writes.Case("old", "g1", "w1", now.AddHours(-3)));
        await host.Ingestion.SubmitCaseAsync(Writes.Case("mid", "g2", "w2", now.AddHours(-2)));
        await host.Ingestion.SubmitCaseAsync(Writes.Case("new", "g1", "w4", now.AddHours(-1)));
        await host.Ingestion.SubmitCaseAsync(Writes.Case("elsewhere", "g3", "w3", now));
        await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a1", "mid", CaseActionKind.Dispatch, now));

        // Act
        var first = await host.Cases.ListAsync("s1", null, null, 1, 2);
        var second = await host.Cases.ListAsync("s1", null, null, 2, 2);
        var dispatched = await host.Cases.ListAsync("d1", CaseState.Dispatched, null, 1, 10);
        var unknown = await host.Cases.ListAsync("nope", null, null, 1, 10);

        // Assert
        Assert.Equal(["new", "mid"], first!.Items.Select(c => c.Id));
        Assert.Equal(3, first.Total);
        Assert.Equal(["old"], second!.Items.Select(c => c.Id));
        Assert.Equal(["mid"], dispatched!.Items.Select(c => c.Id));
        Assert.Null(unknown);
        Assert.Null(await host.Cases.GetAsync("nope"));
    }

    [Fact]
    public async Task Workers_of_a_subtree_are_listed_with_their_presence_and_unknown_units_answer_null()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w2", WorkerDutyStatus.Patrolling, clock.GetUtcNow()));

        // Act
        var community = await host.Units.GetWorkersAsync("c1");
        var grid = await host.Units.GetWorkersAsync("g3");

        // Assert
        Assert.Equal(["w1", "w2", "w4"], community!.Select(w => w.Id).Order(StringComparer.Ordinal));
        Assert.Equal(WorkerPresence.Patrolling, community!.Single(w => w.Id == "w2").Status);
        Assert.Equal(WorkerPresence.Offline, community!.Single(w => w.Id == "w1").Status);
        Assert.Equal(["w3"], grid!.Select(w => w.Id));
        Assert.Null(await host.Units.GetWorkersAsync("nope"));
        Assert.Null(await host.Units.GetSnapshotAsync("nope"));
    }

    [Fact]
    public async Task A_batch_for_one_grid_sends_one_update_up()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var now = clock.GetUtcNow();
        var before = await host.SnapshotAsync("d1");
        var gridBefore = await host.SnapshotAsync("g1");

        // Act
        await host.Ingestion.SubmitReportsAsync([.. Enumerable.Range(0, 10).Select(i => Writes.Visit($"r{i}", "g1", "w1", now.AddMinutes(-i * 20)))]);

        // Assert
        var after = await host.SnapshotAsync("d1");
        Assert.Equal(10, after.Today.Visits);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(gridBefore.Version + 1, (await host.SnapshotAsync("g1")).Version);
    }
}
