using System.Collections.Concurrent;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Grains.Tests.Recovery;

/// <summary>
/// Issue 10: a silo that dies under load loses no acknowledged write and counts none twice; its grains activate again on
/// the survivor from the log, and a write whose answer was lost is repeated there as a duplicate.
/// </summary>
public sealed class SiloFailureTests
{
    private const int Writers = 4;

    [Fact]
    public async Task Killing_one_of_two_silos_mid_load_counts_every_acknowledged_write_once_on_the_survivor()
    {
        // Arrange: two silos, every other unit grain on the one that will die, and writers on both silos' write paths.
        var organisation = TestOrganisation.Small();
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(organisation, clock, silos: 2, configureSilo: DetectDeadSilosQuickly);
        var now = clock.GetUtcNow();
        var survivor = host.Cluster.Silos[0];
        var doomed = host.Cluster.Silos[1];
        var survivorPath = survivor.ServiceProvider.GetRequiredService<IngestionService>();
        var doomedPath = doomed.ServiceProvider.GetRequiredService<IngestionService>();
        var onDoomed = await PlaceAlternatelyAsync(host, organisation, survivor, doomed);

        var accepted = new AcceptedWrites(organisation, now);
        var firstAnswers = new ConcurrentQueue<(string Write, WriteOutcome Outcome)>();
        var retryAnswers = new ConcurrentQueue<(string Write, WriteOutcome Outcome)>();
        var lostAnswers = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WriteUntilStoppedAsync(int writer)
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var writes = WriteRound.Make(organisation, now, writer, round);
                var path = writer % 2 == 1 && doomed.IsActive ? doomedPath : survivorPath;
                try
                {
                    foreach (var answer in await writes.SubmitAsync(path).WaitAsync(WriteRound.AttemptTimeout))
                    {
                        firstAnswers.Enqueue(answer);
                    }
                }
                catch (Exception exception)
                {
                    lostAnswers.Enqueue($"round {writes.Case.Id} through silo {(path == doomedPath ? 1 : 0)}: {exception.GetType().Name}");
                    foreach (var answer in await writes.RetryUntilAnsweredAsync(survivorPath))
                    {
                        retryAnswers.Enqueue(answer);
                    }
                }

                accepted.Add(writes);
                if (accepted.Rounds >= 2 * Writers)
                {
                    flowing.TrySetResult();
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteUntilStoppedAsync(writer))).ToList();
        await Task.WhenAny(flowing.Task, Task.WhenAll(writers)).WaitAsync(TimeSpan.FromSeconds(20));

        // Act: kill the silo under load; the writers go on (through the survivor once it is gone) for a few rounds more.
        await host.Cluster.KillSiloAsync(doomed);
        var roundsAtKill = accepted.Rounds;
        var goneOn = await Eventually.TrueAsync(() => Task.FromResult(accepted.Rounds - roundsAtKill >= 3 * Writers), TimeSpan.FromSeconds(40));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var converged = await Eventually.TrueAsync(() => accepted.AgreeAsync(host), TimeSpan.FromSeconds(20));
        var mismatches = await accepted.MismatchesAsync(host);
        var repeats = new List<(string Write, WriteOutcome Outcome)>();
        for (var writer = 0; writer < Writers; writer++)
        {
            for (var round = 0; accepted.Contains(writer, round); round++)
            {
                repeats.AddRange(await WriteRound.Make(organisation, now, writer, round).SubmitAsync(survivorPath));
            }
        }

        // Assert
        Assert.NotEmpty(onDoomed);
        Assert.True(goneOn, $"the writers stored only {accepted.Rounds - roundsAtKill} rounds after the kill");
        Assert.NotEmpty(lostAnswers);
        Assert.All(firstAnswers, answer => Assert.Equal(WriteOutcome.Accepted, answer.Outcome));
        Assert.All(retryAnswers, answer => Assert.True(answer.Outcome is WriteOutcome.Accepted or WriteOutcome.Duplicate, $"{answer.Write} answered {answer.Outcome} to its retry"));
        Assert.True(converged, $"numbers differ from the acknowledged writes; answers lost: {string.Join(", ", lostAnswers)}; {string.Join("; ", mismatches)}");
        Assert.Equal(accepted.Rounds, repeats.Count(r => r.Write.StartsWith("case ", StringComparison.Ordinal)));
        Assert.All(repeats, answer => Assert.Equal(WriteOutcome.Duplicate, answer.Outcome));
        Assert.Empty(await accepted.MismatchesAsync(host));
    }

    /// <summary>
    /// Membership that declares a silo dead within a few seconds of its last answer (Orleans' defaults take tens of
    /// seconds), so the survivor takes over the dead silo's grains while the test waits.
    /// </summary>
    private static void DetectDeadSilosQuickly(ISiloBuilder silo) => silo.Configure<ClusterMembershipOptions>(options =>
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        options.EnableIndirectProbes = false;
    });

    /// <summary>
    /// Moves the unit grains to the two silos in turn (Orleans' placement may put them all on one) and answers the units
    /// on <paramref name="doomed"/>.
    /// </summary>
    private static async Task<IReadOnlyList<string>> PlaceAlternatelyAsync(
        GrainsHost host, OrganisationTree organisation, InProcessSiloHandle survivor, InProcessSiloHandle doomed)
    {
        var placed = new List<string>();
        for (var i = 0; i < organisation.Units.Count; i++)
        {
            var unitId = organisation.Units[i].Id;
            var target = i % 2 == 0 ? survivor : doomed;
            var grain = host.UnitGrain(unitId);
            await grain.GetSnapshotAsync();
            if (!IsOn(host, grain, target))
            {
                await host.Cluster.MigrateAsync(grain, target.SiloAddress);
                await grain.GetSnapshotAsync();
            }

            if (target == doomed && IsOn(host, grain, doomed))
            {
                placed.Add(unitId);
            }
        }

        return placed;
    }

    private static bool IsOn(GrainsHost host, IUnitGrain grain, InProcessSiloHandle silo) =>
        host.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) && silo.SiloAddress.Equals(context.Address.SiloAddress);
}
