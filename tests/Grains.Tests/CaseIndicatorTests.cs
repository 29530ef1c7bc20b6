using Grains.Interfaces;
using Grains.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

/// <summary>
/// Issue 12: the case indicators as the evaluation standard counts them (GB/T 30428.4 style), over the due cases of the
/// month (应结案数), computed by hand for a scripted month and compared at grid, community and district.
/// </summary>
public sealed class CaseIndicatorTests
{
    // Monday 2 March 2026, 08:00 in Shanghai.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    // Five days on: every scripted action has happened, and the last case was reported an hour before.
    private static readonly DateTimeOffset End = Start.AddDays(5);

    [Fact]
    public async Task The_indicators_of_a_scripted_month_equal_the_hand_computation_through_a_deadline_and_a_reactivation()
    {
        // Arrange: g1 and g2 of community c1; snapshots after every 2 reports, so the reactivation below reads one.
        var clock = new FakeTimeProvider(Start);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock, configureSilo: GrainsHost.SnapshotEvery(2));

        // Act: the month as scripted, in the order of time.
        foreach (var (at, write) in Script().OrderBy(step => step.At))
        {
            clock.SetUtcNow(at);
            var result = await write(host);
            Assert.True(result.Outcome == WriteOutcome.Accepted, $"{at}: {result}");
        }

        clock.SetUtcNow(End);

        // Assert, by hand. g1: A1 closed on time, A2 closed late, A3 reworked then closed on time, A4 extended then
        // closed on time, A5 (urged, then cancelled) left out. g2: B1 urged twice and resolved, B2 extended and past its
        // deadline, B3 reported an hour ago and not due. Reported this month, cancelled left out: 7 (the old rates'
        // denominator, 4/7 closed); due: 6.
        var g1 = Expected(due: 4, closed: 4, onTime: 3, reworked: 1, extended: 1, urges: 0);
        var g2 = Expected(due: 2, closed: 0, onTime: 0, reworked: 0, extended: 1, urges: 2);
        var c1 = Expected(due: 6, closed: 4, onTime: 3, reworked: 1, extended: 2, urges: 2);
        await AssertIndicatorsAsync(host, g1, g2, c1);
        Assert.Equal(82.5, g1.Score!.Value, 9);
        Assert.Equal(10, g2.Score!.Value, 9);
        Assert.Equal(30 + 20 + (50.0 / 6), c1.Score!.Value, 9);
        Assert.Equal(7, (await host.SnapshotAsync("d1")).Month.CasesReported);

        // Act: the grids write snapshots (their cases in them) and come back from them.
        foreach (var (grid, worker) in new[] { ("g1", "w1"), ("g2", "w2") })
        {
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitReportAsync(Writes.Visit($"{grid}-r{i}", grid, worker, End))).Outcome);
            }

            var snapshot = await host.LatestSnapshotAsync(grid);
            Assert.NotEmpty(snapshot.Cases);
            await host.DeactivateAsync(host.Grains.GetGrain<IGridGrain>(grid).GetGrainId());
        }

        // Assert: the same figures, read back from the snapshots.
        await AssertIndicatorsAsync(host, g1, g2, c1);

        // Act: B3's four hours pass, with no write.
        clock.SetUtcNow(End.AddHours(3).AddMinutes(1));

        // Assert: B3 is due now, not closed; the rest stays.
        await AssertIndicatorsAsync(
            host,
            g1,
            Expected(due: 3, closed: 0, onTime: 0, reworked: 0, extended: 1, urges: 2),
            Expected(due: 7, closed: 4, onTime: 3, reworked: 1, extended: 2, urges: 2));
    }

    [Fact]
    public async Task Nothing_due_gives_no_rate_and_no_score_however_many_cases_are_open()
    {
        // Arrange: the second of the month, three fresh cases.
        var clock = new FakeTimeProvider(Start);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        for (var i = 0; i < 3; i++)
        {
            await host.Ingestion.SubmitCaseAsync(Writes.Case($"k{i}", "g1", "w1", Start));
        }

        // Act
        var district = await host.SnapshotAsync("d1");

        // Assert
        Assert.Equal(new CaseIndicators(3, 0, 0, 0, null, null, null, null, 0, null), district.Cases);
    }

    [Fact]
    public async Task A_snapshot_of_the_previous_format_is_ignored_and_the_grid_reads_its_stream_whole()
    {
        // Arrange: a closed case, then a snapshot of format 1 at the log's end that claims the grid holds nothing.
        var clock = new FakeTimeProvider(Start);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("k1", "g1", "w1", Start));
        foreach (var (kind, i) in new[] { CaseActionKind.Dispatch, CaseActionKind.Resolve, CaseActionKind.Close }.Select((kind, i) => (kind, i)))
        {
            await host.Ingestion.SubmitCaseActionAsync(Writes.Action($"a{i}", "k1", kind, Start));
        }

        var before = await host.SnapshotAsync("g1");
        var position = (await host.Log.ReadStreamAsync("g1")).Position;
        var empty = await host.Grains.GetGrain<IGridGrain>("g3").GetContributionAsync();
        await host.Log.AppendAsync([LogPayloads.ToEntry("g1", new GridSnapshot(1, position, empty with { UnitId = "g1" }, [], []))]);

        // Act
        await host.DeactivateAsync(host.Grains.GetGrain<IGridGrain>("g1").GetGrainId());
        var after = await host.SnapshotAsync("g1");

        // Assert
        Assert.Equal((1, 1.0), (before.Cases.Due, before.Cases.ClosureRate));
        SnapshotAssert.SameNumbers(before, after);
    }

    /// <summary>The month's writes: when, and what.</summary>
    private static IEnumerable<(DateTimeOffset At, Func<GrainsHost, Task<WriteResult>> Write)> Script()
    {
        foreach (var (id, grid, worker, category) in new[]
        {
            ("A1", "g1", "w1", "环境卫生"), ("A2", "g1", "w1", "安全隐患"), ("A3", "g1", "w4", "环境卫生"), ("A4", "g1", "w4", "矛盾纠纷"),
            ("A5", "g1", "w1", "便民服务"), ("B1", "g2", "w2", "环境卫生"), ("B2", "g2", "w2", "安全隐患"),
        })
        {
            yield return (Start, host => host.Ingestion.SubmitCaseAsync(Writes.Case(id, grid, worker, Start, category)));
        }

        // 紧急救助: four hours.
        yield return (End.AddHours(-1), host => host.Ingestion.SubmitCaseAsync(Writes.Case("B3", "g2", "w2", End.AddHours(-1), "紧急救助")));

        // A1, 48 hours: closed after 22.
        yield return Act("A1", "A1-1", CaseActionKind.Dispatch, 1);
        yield return Act("A1", "A1-2", CaseActionKind.Resolve, 20);
        yield return Act("A1", "A1-3", CaseActionKind.Close, 22);

        // A2, 24 hours: closed after 31.
        yield return Act("A2", "A2-1", CaseActionKind.Dispatch, 1);
        yield return Act("A2", "A2-2", CaseActionKind.Resolve, 30);
        yield return Act("A2", "A2-3", CaseActionKind.Close, 31);

        // A3, 48 hours: sent back once, closed after 22.
        yield return Act("A3", "A3-1", CaseActionKind.Dispatch, 1);
        yield return Act("A3", "A3-2", CaseActionKind.Resolve, 10);
        yield return Act("A3", "A3-3", CaseActionKind.Reject, 12);
        yield return Act("A3", "A3-4", CaseActionKind.Resolve, 20);
        yield return Act("A3", "A3-5", CaseActionKind.Close, 22);

        // A4, 72 hours, extended to 30 days: closed after 101 hours, in time.
        yield return Act("A4", "A4-1", CaseActionKind.Dispatch, 1);
        yield return Act("A4", "A4-2", CaseActionKind.Extend, 2);
        yield return Act("A4", "A4-3", CaseActionKind.Resolve, 100);
        yield return Act("A4", "A4-4", CaseActionKind.Close, 101);

        // A5: urged, then cancelled: its urge leaves with it.
        yield return Act("A5", "A5-1", CaseActionKind.Urge, 1);
        yield return Act("A5", "A5-2", CaseActionKind.Cancel, 2);

        // B1, 48 hours: urged twice, resolved after 45, never closed.
        yield return Act("B1", "B1-1", CaseActionKind.Dispatch, 1);
        yield return Act("B1", "B1-2", CaseActionKind.Urge, 30);
        yield return Act("B1", "B1-3", CaseActionKind.Urge, 40);
        yield return Act("B1", "B1-4", CaseActionKind.Resolve, 45);

        // B2, 24 hours: extended to a deadline that also passes (Writes.Action extends to 30 days after the action, so
        // the extension here is written out: to 48 hours).
        yield return Act("B2", "B2-1", CaseActionKind.Dispatch, 1);
        yield return (Start.AddHours(2), host => host.Ingestion.SubmitCaseActionAsync(
            new CaseAction("B2-2", "B2", CaseActionKind.Extend, "dispatcher", Start.AddHours(2), "等待配件", Start.AddHours(48), null)));
    }

    private static (DateTimeOffset, Func<GrainsHost, Task<WriteResult>>) Act(string caseId, string actionId, CaseActionKind kind, int hours) =>
        (Start.AddHours(hours), host => host.Ingestion.SubmitCaseActionAsync(Writes.Action(actionId, caseId, kind, Start.AddHours(hours))));

    /// <summary>The indicators of due cases as the standard defines them, weights 60, 30, 10 (the default).</summary>
    private static CaseIndicators Expected(long due, long closed, long onTime, long reworked, long extended, long urges)
    {
        double d = due;
        return new CaseIndicators(
            0, 0, 0, due, closed / d, onTime / d, reworked / d, extended / d, urges, (onTime / d * 60) + (closed / d * 30) + ((1 - (reworked / d)) * 10));
    }

    /// <summary>
    /// Asserts g1's, g2's and c1's indicators (the live counts left out), c1's also as s1 and d1 have them (c2 has no
    /// case) and as its parent lists it; the areas follow the clock through the grids' wakes, so they are awaited.
    /// </summary>
    private static async Task AssertIndicatorsAsync(GrainsHost host, CaseIndicators g1, CaseIndicators g2, CaseIndicators c1)
    {
        var expected = new[] { ("g1", g1), ("g2", g2), ("c1", c1), ("s1", c1), ("d1", c1) };
        Assert.True(
            await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Cases.Due == c1.Due && (await host.SnapshotAsync("c1")).Children.Sum(c => c.Cases.Due) == c1.Due),
            "the areas never counted the due cases");
        foreach (var (unitId, indicators) in expected)
        {
            AssertSame(unitId, indicators, (await host.SnapshotAsync(unitId)).Cases);
        }

        var community = await host.SnapshotAsync("c1");
        AssertSame("g1 in c1", g1, community.Children.Single(c => c.UnitId == "g1").Cases);
        AssertSame("g2 in c1", g2, community.Children.Single(c => c.UnitId == "g2").Cases);
        AssertSame("c1 in s1", c1, (await host.SnapshotAsync("s1")).Children.Single(c => c.UnitId == "c1").Cases);
        AssertSame("s1 in d1", c1, (await host.SnapshotAsync("d1")).Children.Single(c => c.UnitId == "s1").Cases);
        var other = (await host.SnapshotAsync("d1")).Children.Single(c => c.UnitId == "s2").Cases;
        Assert.Equal((0, null, null), (other.Due, other.ClosureRate, other.Score));
    }

    private static void AssertSame(string unitId, CaseIndicators expected, CaseIndicators actual)
    {
        Assert.True(expected.Due == actual.Due && expected.Urges == actual.Urges, $"{unitId}: expected {expected}, was {actual}");
        foreach (var (name, want, have) in new[]
        {
            ("closureRate", expected.ClosureRate, actual.ClosureRate), ("onTimeRate", expected.OnTimeRate, actual.OnTimeRate),
            ("reworkRate", expected.ReworkRate, actual.ReworkRate), ("extensionRate", expected.ExtensionRate, actual.ExtensionRate),
            ("score", expected.Score, actual.Score),
        })
        {
            Assert.True(have is not null && Math.Abs(want!.Value - have.Value) < 1e-9, $"{unitId} {name}: expected {want}, was {have}");
        }
    }
}
