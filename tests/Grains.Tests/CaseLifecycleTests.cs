using Grains.Cases;
using Grains.Interfaces;
using Grains.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

public sealed class CaseLifecycleTests
{
    private static readonly DateTimeOffset Reported = GrainsHost.Noon.AddHours(-1);

    /// <summary>Spec 2.3, written out independently of the code under test.</summary>
    private static readonly HashSet<(CaseState, CaseActionKind)> Legal =
    [
        (CaseState.Reported, CaseActionKind.Dispatch),
        (CaseState.Dispatched, CaseActionKind.Resolve),
        (CaseState.Resolved, CaseActionKind.Close),
        (CaseState.Resolved, CaseActionKind.Reject),
        (CaseState.Reported, CaseActionKind.Cancel),
        (CaseState.Dispatched, CaseActionKind.Cancel),
        (CaseState.Reported, CaseActionKind.Escalate),
        (CaseState.Dispatched, CaseActionKind.Escalate),
        (CaseState.Reported, CaseActionKind.Extend),
        (CaseState.Dispatched, CaseActionKind.Extend),
        (CaseState.Reported, CaseActionKind.Urge),
        (CaseState.Dispatched, CaseActionKind.Urge),
        (CaseState.Resolved, CaseActionKind.Urge),
    ];

    private static readonly Dictionary<CaseState, CaseActionKind[]> PathTo = new()
    {
        [CaseState.Reported] = [],
        [CaseState.Dispatched] = [CaseActionKind.Dispatch],
        [CaseState.Resolved] = [CaseActionKind.Dispatch, CaseActionKind.Resolve],
        [CaseState.Closed] = [CaseActionKind.Dispatch, CaseActionKind.Resolve, CaseActionKind.Close],
        [CaseState.Cancelled] = [CaseActionKind.Cancel],
    };

    [Fact]
    public async Task Every_state_and_action_is_accepted_or_refused_as_the_spec_says_and_refusals_change_nothing()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);

        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var action in Enum.GetValues<CaseActionKind>())
            {
                var caseId = $"case-{state}-{action}";
                await CreateInStateAsync(host, caseId, state);
                var before = await host.Cases.GetAsync(caseId);
                var storedBefore = (await host.Log.ReadStreamAsync(LogPayloads.CaseStream(caseId))).Entries.Count;

                // Act
                var result = await host.Ingestion.SubmitCaseActionAsync(Writes.Action($"{caseId}-x", caseId, action, clock.GetUtcNow()));

                // Assert
                var after = await host.Cases.GetAsync(caseId);
                var storedAfter = (await host.Log.ReadStreamAsync(LogPayloads.CaseStream(caseId))).Entries.Count;
                if (Legal.Contains((state, action)))
                {
                    Assert.True(result.Outcome == WriteOutcome.Accepted, $"{action} in {state}: {result}");
                    Assert.Equal(before!.History.Count + 1, after!.History.Count);
                    Assert.Equal(storedBefore + 1, storedAfter);
                }
                else
                {
                    Assert.True(result.Outcome == WriteOutcome.IllegalTransition, $"{action} in {state}: {result}");
                    Assert.False(string.IsNullOrEmpty(result.Detail));
                    Assert.Equal(before!.History.Count, after!.History.Count);
                    Assert.Equal(before.State, after.State);
                    Assert.Equal(before.Deadline, after.Deadline);
                    Assert.Equal(before.HandlingLevel, after.HandlingLevel);
                    Assert.Equal(storedBefore, storedAfter);
                }
            }
        }
    }

    [Fact]
    public void The_pure_lifecycle_allows_exactly_the_legal_moves()
    {
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var action in Enum.GetValues<CaseActionKind>())
            {
                Assert.Equal(Legal.Contains((state, action)), CaseLifecycle.IsAllowedIn(action, state));
            }
        }
    }

    [Fact]
    public async Task A_rejected_case_goes_back_to_dispatched_and_counts_as_rework()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await CreateInStateAsync(host, "case1", CaseState.Resolved);

        // Act
        await Act(host, "case1", "reject", CaseActionKind.Reject);
        await Act(host, "case1", "resolve2", CaseActionKind.Resolve);
        await Act(host, "case1", "close", CaseActionKind.Close);

        // Assert
        var view = await host.Cases.GetAsync("case1");
        Assert.Equal(CaseState.Closed, view!.State);
        Assert.Equal(1, view.ReworkCount);
        Assert.Equal(CaseState.Dispatched, view.History.Single(h => h.ActionId == "reject").State);
        var district = await host.SnapshotAsync("d1");
        Assert.Equal(1.0, district.Cases.ReworkRate);
        Assert.Equal(1.0, district.Cases.ClosureRate);
        Assert.Equal(1.0, district.Cases.OnTimeRate);
        Assert.Equal(1, district.Today.CasesClosed);
        Assert.Equal(0, district.Cases.Open);
    }

    [Fact]
    public async Task Escalation_goes_from_community_to_street_to_district_and_no_further()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await CreateInStateAsync(host, "case1", CaseState.Reported);
        Assert.Equal(UnitLevel.Community, (await host.Cases.GetAsync("case1"))!.HandlingLevel);

        // Act
        var toStreet = await Act(host, "case1", "e1", CaseActionKind.Escalate);
        var levelAfterFirst = (await host.Cases.GetAsync("case1"))!.HandlingLevel;
        var toDistrict = await Act(host, "case1", "e2", CaseActionKind.Escalate);
        var beyond = await Act(host, "case1", "e3", CaseActionKind.Escalate);

        // Assert
        Assert.Equal(WriteOutcome.Accepted, toStreet.Outcome);
        Assert.Equal(UnitLevel.Street, levelAfterFirst);
        Assert.Equal(WriteOutcome.Accepted, toDistrict.Outcome);
        Assert.Equal(WriteOutcome.IllegalTransition, beyond.Outcome);
        var view = await host.Cases.GetAsync("case1");
        Assert.Equal(UnitLevel.District, view!.HandlingLevel);
        Assert.Equal(3, view.History.Count);
    }

    [Fact]
    public async Task Extend_needs_a_reason_and_a_later_deadline()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await CreateInStateAsync(host, "case1", CaseState.Dispatched);
        var deadline = (await host.Cases.GetAsync("case1"))!.Deadline;
        var now = clock.GetUtcNow();

        // Act
        var noNote = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("x1", "case1", CaseActionKind.Extend, "d", now, null, deadline.AddDays(1), null));
        var noDeadline = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("x2", "case1", CaseActionKind.Extend, "d", now, "原因", null, null));
        var earlier = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("x3", "case1", CaseActionKind.Extend, "d", now, "原因", deadline.AddHours(-1), null));
        var later = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("x4", "case1", CaseActionKind.Extend, "d", now, "原因", deadline.AddDays(2), null));

        // Assert
        Assert.Equal((WriteOutcome.Invalid, "note"), (noNote.Outcome, noNote.Field));
        Assert.Equal((WriteOutcome.Invalid, "deadline"), (noDeadline.Outcome, noDeadline.Field));
        Assert.Equal((WriteOutcome.Invalid, "deadline"), (earlier.Outcome, earlier.Field));
        Assert.Equal(WriteOutcome.Accepted, later.Outcome);
        Assert.Equal(deadline.AddDays(2), (await host.Cases.GetAsync("case1"))!.Deadline);
    }

    [Fact]
    public async Task Cancel_needs_a_reason_and_takes_the_case_out_of_the_counts()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await CreateInStateAsync(host, "case1", CaseState.Dispatched);
        var reported = await host.SnapshotAsync("d1");

        // Act
        var noReason = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("k1", "case1", CaseActionKind.Cancel, "d", clock.GetUtcNow(), " ", null, null));
        var withReason = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("k2", "case1", CaseActionKind.Cancel, "d", clock.GetUtcNow(), "重复上报", null, null));

        // Assert
        Assert.Equal((WriteOutcome.Invalid, "note"), (noReason.Outcome, noReason.Field));
        Assert.Equal(WriteOutcome.Accepted, withReason.Outcome);
        Assert.Equal((1, 1), (reported.Today.CasesReported, reported.Cases.Open));
        var cancelled = await host.SnapshotAsync("d1");
        Assert.Equal((0, 0), (cancelled.Today.CasesReported, cancelled.Cases.Open));
        Assert.Null(cancelled.Cases.ClosureRate);
        Assert.Equal(CaseState.Cancelled, (await host.Cases.GetAsync("case1"))!.State);
    }

    [Fact]
    public async Task An_urge_needs_a_note_keeps_the_state_is_recorded_and_counted_up_the_tree_once_per_action()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await CreateInStateAsync(host, "case1", CaseState.Dispatched);
        await CreateInStateAsync(host, "closed", CaseState.Closed);
        var now = clock.GetUtcNow();
        var urge = new CaseAction("u1", "case1", CaseActionKind.Urge, "街道书记", now, "今天下班前处置完毕", null, null);

        // Act
        var noNote = await host.Ingestion.SubmitCaseActionAsync(urge with { Id = "u0", Note = " " });
        var first = await host.Ingestion.SubmitCaseActionAsync(urge);
        var repeat = await host.Ingestion.SubmitCaseActionAsync(urge);
        var second = await host.Ingestion.SubmitCaseActionAsync(urge with { Id = "u2", Note = "再次督办" });
        var onClosed = await host.Ingestion.SubmitCaseActionAsync(urge with { Id = "u3", CaseId = "closed" });

        // Assert
        Assert.Equal((WriteOutcome.Invalid, "note"), (noNote.Outcome, noNote.Field));
        Assert.Equal(WriteOutcome.Accepted, first.Outcome);
        Assert.Equal(WriteOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(WriteOutcome.Accepted, second.Outcome);
        Assert.Equal(WriteOutcome.IllegalTransition, onClosed.Outcome);
        var view = await host.Cases.GetAsync("case1");
        Assert.Equal(CaseState.Dispatched, view!.State);
        Assert.Equal(2, view.UrgeCount);
        var entry = view.History.Single(h => h.ActionId == "u1");
        Assert.Equal((CaseActionKind.Urge, CaseState.Dispatched, "街道书记", now, "今天下班前处置完毕"), (entry.Action, entry.State, entry.By, entry.At, entry.Note));
        foreach (var unit in new[] { "g1", "c1", "s1", "d1" })
        {
            Assert.Equal(2, (await host.SnapshotAsync(unit)).Cases.Urges);
        }

        Assert.Equal(2, (await host.SnapshotAsync("s1")).Children.Single(c => c.UnitId == "c1").Cases.Urges);
    }

    [Fact]
    public async Task Missing_fields_unknown_cases_early_times_and_reused_ids_are_refused()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await CreateInStateAsync(host, "case1", CaseState.Reported);
        await CreateInStateAsync(host, "case2", CaseState.Reported);
        var now = clock.GetUtcNow();

        // Act
        var noHandler = await host.Ingestion.SubmitCaseActionAsync(new CaseAction("a1", "case1", CaseActionKind.Dispatch, "d", now, null, null, null));
        var unknown = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a2", "nope", CaseActionKind.Dispatch, now));
        var early = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a3", "case1", CaseActionKind.Dispatch, Reported.AddMinutes(-1)));
        var future = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a4", "case1", CaseActionKind.Dispatch, now.AddMinutes(6)));
        var first = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a5", "case1", CaseActionKind.Dispatch, now));
        var repeat = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a5", "case1", CaseActionKind.Dispatch, now));
        var changed = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a5", "case1", CaseActionKind.Dispatch, now.AddMinutes(-1)));
        var otherCase = await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a5", "case2", CaseActionKind.Dispatch, now));
        var caseRepeat = await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", Reported));
        var caseConflict = await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", Reported, "安全隐患"));

        // Assert
        Assert.Equal((WriteOutcome.Invalid, "handler"), (noHandler.Outcome, noHandler.Field));
        Assert.Equal(WriteOutcome.NotFound, unknown.Outcome);
        Assert.Equal((WriteOutcome.Invalid, "at"), (early.Outcome, early.Field));
        Assert.Equal((WriteOutcome.Invalid, "at"), (future.Outcome, future.Field));
        Assert.Equal(WriteOutcome.Accepted, first.Outcome);
        Assert.Equal(WriteOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(WriteOutcome.Conflict, changed.Outcome);
        Assert.Equal(WriteOutcome.Conflict, otherCase.Outcome);
        Assert.Equal(WriteOutcome.Duplicate, caseRepeat.Outcome);
        Assert.Equal(WriteOutcome.Conflict, caseConflict.Outcome);
        Assert.Equal(2, (await host.Cases.GetAsync("case1"))!.History.Count);
        Assert.Single((await host.Cases.GetAsync("case2"))!.History);
        Assert.Equal(2, (await host.SnapshotAsync("d1")).Cases.Open);
    }

    private static async Task CreateInStateAsync(GrainsHost host, string caseId, CaseState state)
    {
        var created = await host.Ingestion.SubmitCaseAsync(Writes.Case(caseId, "g1", "w1", Reported));
        Assert.Equal(WriteOutcome.Accepted, created.Outcome);
        var step = 0;
        foreach (var action in PathTo[state])
        {
            var result = await Act(host, caseId, $"{caseId}-{step++}", action);
            Assert.Equal(WriteOutcome.Accepted, result.Outcome);
        }
    }

    private static Task<WriteResult> Act(GrainsHost host, string caseId, string actionId, CaseActionKind kind) =>
        host.Ingestion.SubmitCaseActionAsync(Writes.Action(actionId, caseId, kind, host.Clock.GetUtcNow()));
}
