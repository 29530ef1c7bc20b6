using Grains.Interfaces;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

public sealed class ReplayTests
{
    [Fact]
    public async Task A_fresh_host_on_the_same_data_replays_to_identical_snapshots_for_every_unit()
    {
        // Arrange
        var organisation = TestOrganisation.Small();
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var dataDirectory = Directory.CreateTempSubdirectory("grains-replay-").FullName;
        var before = new Dictionary<string, UnitSnapshot>();
        var caseBefore = (CaseView?)null;
        try
        {
            await using (var first = await GrainsHost.StartAsync(organisation, clock, dataDirectory))
            {
                var now = clock.GetUtcNow();
                await first.Ingestion.SubmitReportsAsync(
                [
                    Writes.Visit("r1", "g1", "w1", now.AddMinutes(-10), 2),
                    Writes.Visit("r2", "g2", "w2", now.AddDays(-3)),
                    Writes.Training("r3", "g3", "w3", now.AddHours(-2), 12),
                    Writes.Event("r4", "g1", "w4", now.AddDays(-40), 30),
                ]);
                await first.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w2", WorkerDutyStatus.Patrolling, now));
                await first.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g1", "w1", now.AddHours(-3)));
                await first.Ingestion.SubmitCaseAsync(Writes.Case("case2", "g3", "w3", now.AddHours(-1), "紧急救助"));
                await first.Ingestion.SubmitCaseActionAsync(Writes.Action("a1", "case1", CaseActionKind.Dispatch, now));
                await first.Ingestion.SubmitCaseActionAsync(Writes.Action("a2", "case1", CaseActionKind.Resolve, now));
                await first.Ingestion.SubmitCaseActionAsync(Writes.Action("a3", "case1", CaseActionKind.Reject, now));
                await first.Ingestion.SubmitCaseActionAsync(Writes.Action("a4", "case1", CaseActionKind.Resolve, now));
                await first.Ingestion.SubmitCaseActionAsync(Writes.Action("a5", "case1", CaseActionKind.Close, now));
                await first.Ingestion.SubmitCaseActionAsync(Writes.Action("a6", "case2", CaseActionKind.Escalate, now));
                foreach (var unit in organisation.Units)
                {
                    before[unit.Id] = await first.SnapshotAsync(unit.Id);
                }

                caseBefore = await first.Cases.GetAsync("case1");
            }

            // Act
            await using var second = await GrainsHost.StartAsync(organisation, clock, dataDirectory);

            // Assert
            foreach (var unit in organisation.Units)
            {
                var after = await second.SnapshotAsync(unit.Id);
                SnapshotAssert.SameNumbers(before[unit.Id], after);
            }

            var caseAfter = await second.Cases.GetAsync("case1");
            Assert.Equal(caseBefore!.History, caseAfter!.History);
            Assert.Equal((CaseState.Closed, 1), (caseAfter.State, caseAfter.ReworkCount));
        }
        finally
        {
            GrainsHost.TryDelete(dataDirectory);
        }
    }
}
