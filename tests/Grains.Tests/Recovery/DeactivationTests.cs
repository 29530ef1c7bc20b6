using System.Collections.Concurrent;
using Grains.Interfaces;
using Grains.Organisation;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Runtime;

namespace Grains.Tests.Recovery;

/// <summary>
/// Issue 10: deactivating every grain (forced through Orleans' own deactivation) changes no number, because each grain
/// recovers from the log when it activates again.
/// </summary>
public sealed class DeactivationTests
{
    private const int Writers = 4;
    private static readonly TimeSpan DeactivationTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(256)]
    [InlineData(3)]
    public async Task Forcing_every_grain_out_while_writes_are_in_flight_counts_each_accepted_write_once(int snapshotEvery)
    {
        // Arrange: every unit grain active, and writers submitting rounds until told to stop.
        var organisation = TestOrganisation.Small();
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(organisation, clock, configureSilo: GrainsHost.SnapshotEvery(snapshotEvery));
        var now = clock.GetUtcNow();
        var accepted = new AcceptedWrites(organisation, now);
        var answers = new ConcurrentQueue<(string Write, WriteOutcome Outcome)>();
        var retryAnswers = new ConcurrentQueue<(string Write, WriteOutcome Outcome)>();
        var lostAnswers = new ConcurrentQueue<string>();
        var units = await ActivationsOfUnitsAsync(host, organisation);
        using var stop = new CancellationTokenSource();
        var storedCases = new ConcurrentQueue<string>();
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var roundStored = new SemaphoreSlim(0);

        async Task WriteUntilStoppedAsync(int writer)
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var writes = WriteRound.Make(organisation, now, writer, round);
                try
                {
                    foreach (var answer in await writes.SubmitAsync(host.Ingestion).WaitAsync(WriteRound.AttemptTimeout))
                    {
                        answers.Enqueue(answer);
                    }
                }
                catch (Exception exception) when (exception is TimeoutException or OrleansException)
                {
                    // A grid forced out in the middle of a write while its community sums its children afresh waits for
                    // that write to end, which waits for the community: the call times out (README, How data flows).
                    // The write failed, so the client repeats it, and the repeat is counted once.
                    lostAnswers.Enqueue($"round {writes.Case.Id}: {exception.GetType().Name}");
                    foreach (var answer in await writes.RetryUntilAnsweredAsync(host.Ingestion))
                    {
                        retryAnswers.Enqueue(answer);
                    }
                }

                accepted.Add(writes);
                storedCases.Enqueue(writes.Case.Id);
                roundStored.Release();
                if (accepted.Rounds >= Writers)
                {
                    flowing.TrySetResult();
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteUntilStoppedAsync(writer))).ToList();
        await Task.WhenAny(flowing.Task, Task.WhenAll(writers)).WaitAsync(TimeSpan.FromSeconds(20));
        var cases = await ActivationsOfCasesAsync(host, [.. storedCases]);
        var roundsBefore = accepted.Rounds;

        // Act: collect every idle activation again and again while the writers go on, until each unit grain's and
        // case grain's activation of before has gone and the writers stored a dozen rounds more meanwhile (so grains come
        // and go under the writes); then let the writers finish, and write once more: new writes and repeats.
        var forced = await ForceOutAsync(host, [.. units, .. cases], passes: 4, async () =>
        {
            // Between passes the writers store a round each: the grains come back under the writes before going again.
            var target = accepted.Rounds + Writers;
            while (accepted.Rounds < target)
            {
                await roundStored.WaitAsync();
            }
        });
        var roundsWhileForcing = accepted.Rounds - roundsBefore;
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var afterWorkload = await accepted.MismatchesAsync(host);

        var later = WriteRound.Make(organisation, now, Writers, 0);
        var laterAnswers = await later.SubmitAsync(host.Ingestion);
        accepted.Add(later);
        var repeated = WriteRound.Make(organisation, now, 0, 0);
        var repeatAnswers = await repeated.SubmitAsync(host.Ingestion);

        // Assert
        Assert.True(forced, "some activation of before was still there after the forced collections");
        Assert.True(roundsWhileForcing >= 3 * Writers, $"only {roundsWhileForcing} rounds were stored while the activations were forced out");
        Assert.All(answers, answer => Assert.Equal(WriteOutcome.Accepted, answer.Outcome));
        Assert.All(retryAnswers, answer => Assert.True(answer.Outcome is WriteOutcome.Accepted or WriteOutcome.Duplicate, $"{answer.Write} answered {answer.Outcome} to its retry"));
        Assert.True(afterWorkload.Count == 0, $"answers lost: {string.Join(", ", lostAnswers)}; {string.Join("; ", afterWorkload)}");
        Assert.All(laterAnswers, answer => Assert.Equal(WriteOutcome.Accepted, answer.Outcome));
        Assert.All(repeatAnswers, answer => Assert.Equal(WriteOutcome.Duplicate, answer.Outcome));
        Assert.Empty(await accepted.MismatchesAsync(host));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(3)]
    public async Task Deactivating_every_grain_when_quiet_leaves_every_snapshot_and_case_as_it_was(int snapshotEvery)
    {
        // Arrange: a few rounds stored, then every unit's snapshot and every case as the grains show them.
        var organisation = TestOrganisation.Small();
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(organisation, clock, configureSilo: GrainsHost.SnapshotEvery(snapshotEvery));
        var now = clock.GetUtcNow();
        var accepted = new AcceptedWrites(organisation, now);
        var caseIds = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            for (var writer = 0; writer < Writers; writer++)
            {
                var writes = WriteRound.Make(organisation, now, writer, round);
                Assert.All(await writes.SubmitAsync(host.Ingestion), answer => Assert.Equal(WriteOutcome.Accepted, answer.Outcome));
                accepted.Add(writes);
                caseIds.Add(writes.Case.Id);
            }
        }

        var before = await SnapshotsAsync(host, organisation);
        var casesBefore = await CaseViewsAsync(host, caseIds);
        var activations = (await ActivationsOfUnitsAsync(host, organisation)).Concat(await ActivationsOfCasesAsync(host, caseIds)).ToList();

        // Act
        var forced = await ForceOutAsync(host, activations, passes: 1, () => Task.CompletedTask);
        var after = await SnapshotsAsync(host, organisation);
        var casesAfter = await CaseViewsAsync(host, caseIds);

        // Assert
        Assert.True(forced, "some activation of before was still there after the forced collections");
        Assert.All(activations, activation => Assert.False(IsCurrent(host, activation), $"{activation.GrainId} kept its activation"));
        foreach (var unit in organisation.Units)
        {
            SnapshotAssert.SameNumbers(before[unit.Id], after[unit.Id]);
        }

        Assert.Equal(casesBefore.Select(c => (c.Id, c.State, c.History.Count)), casesAfter.Select(c => (c.Id, c.State, c.History.Count)));
        Assert.Equal(casesBefore.SelectMany(c => c.History), casesAfter.SelectMany(c => c.History));
        Assert.Empty(await accepted.MismatchesAsync(host));
    }

    /// <summary>Reads every unit (which activates it) and answers the activation of each unit grain.</summary>
    private static async Task<IReadOnlyList<IGrainContext>> ActivationsOfUnitsAsync(GrainsHost host, OrganisationTree organisation)
    {
        await SnapshotsAsync(host, organisation);
        return [.. organisation.Units.Select(unit => ActivationOf(host, host.UnitGrain(unit.Id).GetGrainId()))];
    }

    /// <summary>Reads every case (which activates its grain) and answers the activation of each case grain.</summary>
    private static async Task<IReadOnlyList<IGrainContext>> ActivationsOfCasesAsync(GrainsHost host, IEnumerable<string> caseIds)
    {
        var ids = caseIds.ToList();
        await CaseViewsAsync(host, ids);
        return [.. ids.Select(id => ActivationOf(host, host.Grains.GetGrain<ICaseGrain>(id).GetGrainId()))];
    }

    private static IGrainContext ActivationOf(GrainsHost host, GrainId grainId) =>
        host.Cluster.TryGetGrainContext(grainId, out var context)
            ? context
            : throw new InvalidOperationException($"{grainId} has no activation.");

    private static bool IsCurrent(GrainsHost host, IGrainContext activation) =>
        host.Cluster.TryGetGrainContext(activation.GrainId, out var current) && current.ActivationId == activation.ActivationId;

    /// <summary>
    /// Has Orleans deactivate the grains of <paramref name="activations"/> (as a silo shutting down or shedding load does;
    /// unit grains are exempt from idle collection, not from that) in <paramref name="passes"/> passes, each taking the
    /// grains' current activations and awaiting their end, with <paramref name="betweenPasses"/> between two; false when
    /// some of <paramref name="activations"/> are still there after the timeout.
    /// </summary>
    private static async Task<bool> ForceOutAsync(GrainsHost host, IReadOnlyList<IGrainContext> activations, int passes, Func<Task> betweenPasses)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "forced out by the test");
        using var deadline = new CancellationTokenSource(DeactivationTimeout);
        try
        {
            for (var pass = 0; pass < passes; pass++)
            {
                if (pass > 0)
                {
                    await betweenPasses().WaitAsync(deadline.Token);
                }

                var current = new List<IGrainContext>();
                foreach (var activation in activations)
                {
                    if (host.Cluster.TryGetGrainContext(activation.GrainId, out var context))
                    {
                        context.Deactivate(reason, CancellationToken.None);
                        current.Add(context);
                    }
                }

                await Task.WhenAll(current.Select(context => context.Deactivated)).WaitAsync(deadline.Token);
            }

            await Task.WhenAll(activations.Select(activation => activation.Deactivated)).WaitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<Dictionary<string, UnitSnapshot>> SnapshotsAsync(GrainsHost host, OrganisationTree organisation)
    {
        var snapshots = new Dictionary<string, UnitSnapshot>(StringComparer.Ordinal);
        foreach (var unit in organisation.Units)
        {
            snapshots[unit.Id] = await host.SnapshotAsync(unit.Id);
        }

        return snapshots;
    }

    private static async Task<List<CaseView>> CaseViewsAsync(GrainsHost host, List<string> caseIds)
    {
        var views = new List<CaseView>(caseIds.Count);
        foreach (var id in caseIds)
        {
            views.Add(await host.Cases.GetAsync(id) ?? throw new InvalidOperationException($"No case {id}."));
        }

        return views;
    }
}
