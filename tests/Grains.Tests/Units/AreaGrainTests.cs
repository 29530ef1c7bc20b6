using Grains.Interfaces;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests.Units;

public sealed class AreaGrainTests
{
    private static readonly string[] Areas = ["d1", "s1", "s2", "c1", "c2"];

    [Fact]
    public async Task A_batch_over_grids_of_every_street_reaches_each_area_in_one_turn()
    {
        // Arrange: g1 and g2 share c1 and s1; g3 is under c2 and s2.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var now = clock.GetUtcNow();
        var before = await VersionsAsync(host);

        // Act
        await host.Ingestion.SubmitReportsAsync(
        [
            Writes.Visit("r1", "g1", "w1", now),
            Writes.Visit("r2", "g1", "w4", now),
            Writes.Visit("r3", "g2", "w2", now),
            Writes.Visit("r4", "g3", "w3", now),
        ]);

        // Assert
        var after = await VersionsAsync(host);
        Assert.Equal(before.Select(v => v + 1), after);
        Assert.Equal(
            (4L, 3L, 3L, 1L),
            ((await host.SnapshotAsync("d1")).Today.Visits, (await host.SnapshotAsync("s1")).Today.Visits,
             (await host.SnapshotAsync("c1")).Today.Visits, (await host.SnapshotAsync("c2")).Today.Visits));
        Assert.Equal([3L, 1L], (await host.SnapshotAsync("d1")).Children.Select(c => c.Today.Visits));
    }

    [Fact]
    public async Task An_update_that_arrives_after_a_later_one_adds_its_counts_but_keeps_the_later_live_counts()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var community = host.Grains.GetGrain<IAreaGrain>("c1");
        var today = new DateOnly(2026, 3, 15);
        var oneVisit = new WindowCounts(1, 1, 0, 0, 0, 0, 0, 0);
        var workers = new WorkerCounts(2, 0, 0, 0, 2);

        await host.SnapshotAsync("c1");
        var grid = await host.Grains.GetGrain<IGridGrain>("g1").GetContributionAsync();

        // Act: the grid's version +100 overtook its version +50 on the way up, both in the epoch the community summed.
        await community.TakeChildUpdatesAsync([new UnitUpdate("g1", [new HourDelta(today, 12, oneVisit)], [], new LiveCounts(2, 0, 0, workers, LateCases.None, UnitAlerts.None), grid.Version + 100, grid.Epoch)]);
        await community.ApplyChildUpdatesAsync([new UnitUpdate("g1", [new HourDelta(today, 11, oneVisit)], [], new LiveCounts(7, 0, 0, workers, LateCases.None, UnitAlerts.None), grid.Version + 50, grid.Epoch)]);

        // Assert
        var snapshot = await host.SnapshotAsync("c1");
        Assert.Equal(2L, snapshot.Today.Visits);
        Assert.Equal(2L, snapshot.Cases.Open);
        Assert.Equal(2L, snapshot.Children.Single(c => c.UnitId == "g1").Cases.Open);
    }

    private static async Task<long[]> VersionsAsync(GrainsHost host) =>
        [.. await Task.WhenAll(Areas.Select(async id => (await host.SnapshotAsync(id)).Version))];
}
