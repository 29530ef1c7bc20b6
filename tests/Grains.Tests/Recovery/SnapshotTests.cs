using System.Collections.Concurrent;
using Grains.Interfaces;
using Grains.Storage;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Storage;
using TestSupport;

namespace Grains.Tests.Recovery;

/// <summary>Issue 10: a grid comes back from its latest snapshot and the entries after it, not from its whole stream.</summary>
public sealed class SnapshotTests
{
    // A grid deactivated with an eighth of this many reports since its snapshot writes another one; with one, it does not.
    private const int SnapshotEvery = 16;

    [Fact]
    public async Task A_grid_comes_back_from_its_latest_snapshot_reading_only_the_entries_after_it()
    {
        // Arrange: g1 counts enough reports for a snapshot, then one more report and a case come after it.
        var organisation = TestOrganisation.Small();
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var reads = new ConcurrentQueue<(string Stream, long After)>();
        await using var host = await GrainsHost.StartAsync(organisation, clock, configureSilo: GrainsHost.SnapshotEvery(SnapshotEvery), wrapLog: log => new RecordingLog(log, reads));
        var now = clock.GetUtcNow();
        for (var i = 0; i < SnapshotEvery; i++)
        {
            Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitReportAsync(Writes.Visit($"r{i}", "g1", "w1", now - TimeSpan.FromHours(i)))).Outcome);
        }

        var snapshot = await host.LatestSnapshotAsync("g1");
        Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitReportAsync(Writes.Training("after", "g1", "w4", now, participants: 7))).Outcome);
        Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitCaseAsync(Writes.Case("k1", "g1", "w1", now))).Outcome);
        var before = await host.SnapshotAsync("d1");
        var gridBefore = await host.SnapshotAsync("g1");

        // Act
        await host.DeactivateAsync(host.Grains.GetGrain<IGridGrain>("g1").GetGrainId());
        reads.Clear();
        var gridAfter = await host.SnapshotAsync("g1");
        var after = await host.SnapshotAsync("d1");

        // Assert: the snapshot of before is still the latest, and the grid read only what came after it.
        Assert.Equal(snapshot.Position, (await host.LatestSnapshotAsync("g1")).Position);
        Assert.Equal(SnapshotEvery, snapshot.Counts.Total.Visits);
        SnapshotAssert.SameNumbers(gridBefore, gridAfter);
        SnapshotAssert.SameNumbers(before, after);
        Assert.Equal(SnapshotEvery + 1, gridAfter.Total.Visits + gridAfter.Total.Trainings);
        Assert.Equal([("g1", snapshot.Position)], reads.Where(read => read.Stream == "g1"));
    }

    [Fact]
    public async Task A_snapshot_counts_a_stored_report_that_never_reached_its_grid()
    {
        // Arrange: a report stored by a writer that died before handing it to its grid.
        var organisation = TestOrganisation.Small();
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(organisation, clock, configureSilo: GrainsHost.SnapshotEvery(SnapshotEvery));
        var now = clock.GetUtcNow();
        await host.SnapshotAsync("d1");
        var stray = await host.Log.AppendAsync([LogPayloads.ToEntry(Writes.Event("stray", "g3", "w3", now, participants: 12))]);

        // Act: enough reports handed over for a snapshot.
        for (var i = 0; i < SnapshotEvery; i++)
        {
            Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitReportAsync(Writes.Visit($"r{i}", "g3", "w3", now))).Outcome);
        }

        var snapshot = await host.LatestSnapshotAsync("g3");

        // Assert: the grid counted the stray report once, and passed it up.
        Assert.True(snapshot.Position >= stray[0].Sequence);
        Assert.Equal(1, snapshot.Counts.Total.Events);
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Total.EventParticipants == 12), "the district never had the stray report");
        Assert.Equal(((long)SnapshotEvery, 1L), ((await host.SnapshotAsync("g3")).Total.Visits, (await host.SnapshotAsync("g3")).Total.Events));
    }

    /// <summary>Records which stream each read asks for, and after which sequence.</summary>
    private sealed class RecordingLog(IEventLog inner, ConcurrentQueue<(string Stream, long After)> reads) : ForwardingEventLog(inner)
    {
        public override Task<StreamRead> ReadStreamAsync(
            string stream, long afterSequence = 0, IReadOnlySet<long>? except = null, CancellationToken cancellationToken = default)
        {
            reads.Enqueue((stream, afterSequence));
            return base.ReadStreamAsync(stream, afterSequence, except, cancellationToken);
        }
    }
}
