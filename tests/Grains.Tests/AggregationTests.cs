using Grains.Interfaces;
using Grains.Organisation;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests;

public sealed class AggregationTests
{
    [Fact]
    public async Task Reports_in_several_grids_are_counted_in_grid_community_street_and_district()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var at = GrainsHost.Noon.AddMinutes(-30);

        // Act
        await host.Ingestion.SubmitReportsAsync(
        [
            Writes.Visit("r1", "g1", "w1", at, households: 3),
            Writes.Visit("r2", "g2", "w2", at),
            Writes.Training("r3", "g3", "w3", at, participants: 20),
            Writes.Event("r4", "g1", "w4", at, participants: 7),
        ]);

        // Assert
        var expected = new Dictionary<string, (long Visits, long Households, long Trainings, long Events, long EventParticipants)>
        {
            ["g1"] = (1, 3, 0, 1, 7),
            ["g2"] = (1, 1, 0, 0, 0),
            ["g3"] = (0, 0, 1, 0, 0),
            ["c1"] = (2, 4, 0, 1, 7),
            ["c2"] = (0, 0, 1, 0, 0),
            ["s1"] = (2, 4, 0, 1, 7),
            ["s2"] = (0, 0, 1, 0, 0),
            ["d1"] = (2, 4, 1, 1, 7),
        };
        foreach (var (unitId, counts) in expected)
        {
            var snapshot = await host.SnapshotAsync(unitId);
            foreach (var window in new[] { snapshot.Today, snapshot.Month, snapshot.Total })
            {
                Assert.Equal(counts, (window.Visits, window.Households, window.Trainings, window.Events, window.EventParticipants));
            }

            Assert.Equal(counts.Visits, snapshot.Hourly[11].Visits);
            Assert.Equal(counts.Visits, snapshot.Daily[^1].Visits);
        }

        var district = await host.SnapshotAsync("d1");
        Assert.Equal(20, district.Today.TrainingParticipants);
        Assert.Equal(["s1", "s2"], district.Children.Select(c => c.UnitId));
        Assert.Equal(2, district.Children[0].Today.Visits);
    }

    [Fact]
    public async Task Every_parent_equals_the_sum_of_its_children_after_a_random_workload()
    {
        // Arrange
        var random = new Random(20260315);
        var organisation = TestOrganisation.Generated(random);
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        var workers = organisation.Workers;
        var cases = new List<(string Id, DateTimeOffset At)>();

        // Act
        for (var round = 0; round < 40; round++)
        {
            var reports = new List<ActivityReport>();
            for (var i = 0; i < 10; i++)
            {
                var worker = workers[random.Next(workers.Count)];
                var at = clock.GetUtcNow() - TimeSpan.FromHours(random.Next(0, 24 * 40));
                reports.Add(random.Next(3) switch
                {
                    0 => Writes.Visit($"r{round}-{i}", worker.GridId, worker.Id, at, random.Next(1, 4)),
                    1 => Writes.Training($"r{round}-{i}", worker.GridId, worker.Id, at, random.Next(0, 40)),
                    _ => Writes.Event($"r{round}-{i}", worker.GridId, worker.Id, at, random.Next(0, 40)),
                });
            }

            await host.Ingestion.SubmitReportsAsync(reports);
            var statusWorker = workers[random.Next(workers.Count)];
            await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport(statusWorker.Id, (WorkerDutyStatus)random.Next(3), clock.GetUtcNow()));

            var caseWorker = workers[random.Next(workers.Count)];
            var caseAt = clock.GetUtcNow() - TimeSpan.FromHours(random.Next(0, 24 * 20));
            var caseId = $"case{round}";
            await host.Ingestion.SubmitCaseAsync(Writes.Case(caseId, caseWorker.GridId, caseWorker.Id, caseAt, random.Next(2) == 0 ? "紧急救助" : "环境卫生"));
            cases.Add((caseId, caseAt));
            for (var a = 0; a < 3; a++)
            {
                var (id, _) = cases[random.Next(cases.Count)];
                var kind = (CaseActionKind)random.Next(7);
                await host.Ingestion.SubmitCaseActionAsync(Writes.Action($"{id}-a{round}-{a}", id, kind, clock.GetUtcNow()));
            }

            clock.Advance(TimeSpan.FromMinutes(random.Next(1, 40)));
        }

        // Assert
        Assert.True(await Eventually.TrueAsync(() => ParentsEqualTheirChildrenAsync(host, organisation)), "a parent differs from the sum of its children");
        var district = await host.SnapshotAsync(organisation.Root.Id);
        Assert.Equal(400, district.Total.Visits + district.Total.Trainings + district.Total.Events);
        Assert.True(district.Total.CasesReported > 0);
    }

    internal static async Task<bool> ParentsEqualTheirChildrenAsync(GrainsHost host, OrganisationTree organisation)
    {
        foreach (var unit in organisation.Units.Where(u => u.Level != UnitLevel.Grid))
        {
            var parent = await host.SnapshotAsync(unit.Id);
            var children = new List<UnitSnapshot>();
            foreach (var child in organisation.ChildrenOf(unit.Id))
            {
                children.Add(await host.SnapshotAsync(child.Id));
            }

            if (!SumEquals(parent, children))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SumEquals(UnitSnapshot parent, List<UnitSnapshot> children) =>
        parent.Today == children.Select(c => c.Today).Aggregate(Add)
        && parent.Month == children.Select(c => c.Month).Aggregate(Add)
        && parent.Total == children.Select(c => c.Total).Aggregate(Add)
        && parent.Workers == children.Select(c => c.Workers).Aggregate(Add)
        && (parent.Cases.Open, parent.Cases.Overdue, parent.Cases.DueSoon) ==
            (children.Sum(c => c.Cases.Open), children.Sum(c => c.Cases.Overdue), children.Sum(c => c.Cases.DueSoon))
        && Enumerable.Range(0, 24).All(h => parent.Hourly[h] == children.Select(c => c.Hourly[h]).Aggregate(Add))
        && Enumerable.Range(0, 31).All(d => parent.Daily[d] == children.Select(c => c.Daily[d]).Aggregate(Add))
        && parent.Children.Zip(children).All(p =>
            p.First.UnitId == p.Second.UnitId
            && p.First.Today == p.Second.Today
            && p.First.Cases == p.Second.Cases
            && p.First.Workers == p.Second.Workers);

    private static WindowCounts Add(WindowCounts a, WindowCounts b) => new(
        a.Visits + b.Visits, a.Households + b.Households, a.Trainings + b.Trainings, a.TrainingParticipants + b.TrainingParticipants,
        a.Events + b.Events, a.EventParticipants + b.EventParticipants, a.CasesReported + b.CasesReported, a.CasesClosed + b.CasesClosed);

    private static WorkerCounts Add(WorkerCounts a, WorkerCounts b) =>
        new(a.OnDuty + b.OnDuty, a.Patrolling + b.Patrolling, a.OffDuty + b.OffDuty, a.Offline + b.Offline, a.Total + b.Total);

    private static HourBucket Add(HourBucket a, HourBucket b) => new(a.Visits + b.Visits, a.Cases + b.Cases, a.Trainings + b.Trainings, a.Events + b.Events);

    private static DayBucket Add(DayBucket a, DayBucket b) => new(a.Date, a.Visits + b.Visits, a.Cases + b.Cases, a.Trainings + b.Trainings, a.Events + b.Events);
}
