using Grains.Hosting;
using Grains.Ingestion;
using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;

namespace Grains.Tests;

/// <summary>
/// Reports are answered once stored and reach their grids behind the answer (<see cref="ReportHandOver"/>). The grids'
/// counting calls are held at a gate here, so each step is seen while the hand-over is known to be on its way.
/// </summary>
public sealed class HandOverTests
{
    [Fact]
    public async Task A_report_is_answered_before_its_grid_counts_it_and_the_next_read_waits_for_the_count()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var gate = new CountingGate();
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock, configureSilo: gate.AddTo);

        // Every unit active already: an activating area would ask the held grid for its numbers, and so wait for it.
        Assert.Equal(0, (await host.SnapshotAsync("d1")).Total.Visits);

        // Act: answered while its grid's call is held (a timeout here means the answer waited for the grid).
        var result = await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow())).WaitAsync(TimeSpan.FromSeconds(30));
        await gate.Arrived;
        var read = host.SnapshotAsync("d1");

        // Assert: the read waits for the hand-over, and then holds the report.
        Assert.Equal(WriteOutcome.Accepted, result.Outcome);
        Assert.False(read.IsCompleted);
        gate.Open();
        Assert.Equal(1, (await read).Total.Visits);
    }

    [Fact]
    public async Task Beyond_the_backlog_a_writer_waits_until_its_reports_are_counted()
    {
        // Arrange: at most two reports on their way.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var gate = new CountingGate();
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock, configureSilo: silo =>
        {
            gate.AddTo(silo);
            silo.Services.Configure<GridPulseOptions>(options => options.HandOverBacklog = 2);
        });
        var handOver = host.Services.GetRequiredService<ReportHandOver>();
        var now = clock.GetUtcNow();

        // Act
        var first = handOver.HandOverAsync([new StoredReport(1_000_001, Writes.Visit("r1", "g1", "w1", now))]);
        await gate.Arrived;
        var second = handOver.HandOverAsync([new StoredReport(1_000_002, Writes.Visit("r2", "g2", "w2", now))]);
        var third = handOver.HandOverAsync([new StoredReport(1_000_003, Writes.Visit("r3", "g3", "w3", now))]);

        // Assert: the first two go on at once; the third waits for its group, which waits for the first.
        Assert.True(first.IsCompleted);
        Assert.True(second.IsCompleted);
        Assert.False(third.IsCompleted);
        gate.Open();
        await third;
        Assert.Equal(3, (await host.SnapshotAsync("d1")).Total.Visits);
    }

    /// <summary>Holds the grids' counting calls until opened; tells when the first one arrived.</summary>
    private sealed class CountingGate : IIncomingGrainCallFilter
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => _arrived.Task;

        public void AddTo(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(this);

        public void Open() => _open.TrySetResult();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.ImplementationMethod.Name == nameof(IGridGrain.CountActivitiesAsync))
            {
                _arrived.TrySetResult();
                await _open.Task;
            }

            await context.Invoke();
        }
    }
}
