using Grains.Interfaces;
using Grains.Organisation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests.Organisation;

/// <summary>
/// Organisation changes on the test cluster, on <see cref="TestOrganisation.Small"/>: d1 → s1 (c1 → g1 [w1, w4], g2 [w2]),
/// s2 (c2 → g3 [w3]).
/// </summary>
public sealed class OrganisationChangeTests
{
    private static readonly OrganisationOperation AddCommunity =
        new(OrganisationOperationKind.AddUnit, "c3", "三社区", UnitLevel.Community, "s1");

    [Fact]
    public async Task A_moved_grid_takes_its_counts_to_its_new_community_and_its_next_reports_go_there()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var organisation = TestOrganisation.Small();
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        var at = GrainsHost.Noon.AddMinutes(-30);
        await Applied(host, Change("add-c3", AddCommunity));
        await host.Ingestion.SubmitReportsAsync(
        [
            Writes.Visit("r1", "g1", "w1", at, households: 2),
            Writes.Visit("r2", "g2", "w2", at, households: 3),
            Writes.Event("r3", "g2", "w2", at, participants: 9),
            Writes.Training("r4", "g3", "w3", at, participants: 4),
        ]);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("case1", "g2", "w2", at));
        var c1Before = await host.SnapshotAsync("c1");
        var s1Before = await host.SnapshotAsync("s1");
        var d1Before = await host.SnapshotAsync("d1");
        var g2 = await host.SnapshotAsync("g2");

        // Act
        var moved = await Applied(host, Change("move-g2", new OrganisationOperation(OrganisationOperationKind.MoveUnit, "g2", ParentId: "c3")));

        // Assert
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("c3")).Total.Visits == 1), "c3 never had g2's visit");
        Assert.True(await Eventually.TrueAsync(() => AggregationTests.ParentsEqualTheirChildrenAsync(host, organisation)), "a parent differs from the sum of its children");
        var c1 = await host.SnapshotAsync("c1");
        var c3 = await host.SnapshotAsync("c3");
        Assert.Equal((c1Before.Total.Visits - 1, c1Before.Total.Households - 3, c1Before.Total.Events - 1), (c1.Total.Visits, c1.Total.Households, c1.Total.Events));
        Assert.Equal(g2.Total, c3.Total);
        Assert.Equal(g2.Cases.Open, c3.Cases.Open);
        Assert.Equal(1, c3.Workers.Total);
        Assert.Equal(c1Before.Workers.Total - 1, c1.Workers.Total);
        Assert.Equal(["g2"], c3.Children.Select(child => child.UnitId));
        SnapshotAssert.SameNumbers(s1Before, await host.SnapshotAsync("s1"), children: false);
        SnapshotAssert.SameNumbers(d1Before, await host.SnapshotAsync("d1"));
        Assert.Equal(moved.Version, organisation.Version);

        await host.Ingestion.SubmitReportAsync(Writes.Visit("r5", "g2", "w2", GrainsHost.Noon.AddMinutes(-5)));
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Total.Visits == d1Before.Total.Visits + 1), "the district never had r5");
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("c3")).Total.Visits == 2), "c3 never had r5");
        Assert.Equal(c1.Total.Visits, (await host.SnapshotAsync("c1")).Total.Visits);
    }

    [Fact]
    public async Task A_retired_worker_leaves_the_worker_counts_keeps_their_history_and_can_no_longer_report()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var organisation = TestOrganisation.Small();
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w4", GrainsHost.Noon.AddMinutes(-20)));
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Total.Visits == 1), "r1 never reached the district");

        // Act
        await Applied(host, Change("retire-w4", new OrganisationOperation(OrganisationOperationKind.RetireWorker, "w4")));

        // Assert
        Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Workers.Total == 3), "the district still counts w4");
        var g1 = await host.SnapshotAsync("g1");
        Assert.Equal((1L, 1L), (g1.Workers.Total, g1.Total.Visits));
        Assert.Equal(1, (await host.SnapshotAsync("d1")).Total.Visits);
        Assert.Equal(["w1"], (await host.Units.GetWorkersAsync("g1"))!.Select(worker => worker.Id));
        var refused = await host.Ingestion.SubmitReportAsync(Writes.Visit("r2", "g1", "w4", GrainsHost.Noon));
        Assert.Equal((WriteOutcome.Invalid, "workerId"), (refused.Outcome, refused.Field));
        var status = await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w4", WorkerDutyStatus.OnDuty, GrainsHost.Noon));
        Assert.Equal(WriteOutcome.Invalid, status.Outcome);
        Assert.True(await Eventually.TrueAsync(() => AggregationTests.ParentsEqualTheirChildrenAsync(host, organisation)), "a parent differs from the sum of its children");
    }

    [Fact]
    public async Task A_grid_with_an_open_case_is_not_retired_until_the_case_is_cancelled()
    {
        // Arrange: g3's only worker leaves; the case reported in g3 is still open.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var organisation = TestOrganisation.Small();
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitCaseAsync(Writes.Case("k1", "g3", "w3", GrainsHost.Noon.AddMinutes(-5)))).Outcome);
        await Applied(host, Change("retire-w3", new OrganisationOperation(OrganisationOperationKind.RetireWorker, "w3")));
        var grain = host.Grains.GetGrain<IOrganisationGrain>(0);
        var retireG3 = new OrganisationOperation(OrganisationOperationKind.RetireUnit, "g3");

        // Act
        var refused = await grain.ApplyAsync(Change("retire-g3", retireG3));
        Assert.Equal(WriteOutcome.Accepted, (await host.Ingestion.SubmitCaseActionAsync(Writes.Action("k1-cancel", "k1", CaseActionKind.Cancel, GrainsHost.Noon))).Outcome);
        var retired = await grain.ApplyAsync(Change("retire-g3-later", retireG3));

        // Assert
        Assert.Equal(OrganisationChangeStatus.Invalid, refused.Status);
        Assert.Equal("operations[0].id", Assert.Single(refused.Problems).Field);
        Assert.Equal(OrganisationChangeStatus.Applied, retired.Status);
        Assert.Null(organisation.FindUnit("g3"));
        Assert.Equal(0, (await host.SnapshotAsync("d1")).Cases.Open);
    }

    [Fact]
    public async Task A_repeat_is_a_duplicate_the_same_id_with_other_operations_a_conflict_and_a_broken_rule_changes_nothing()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var organisation = TestOrganisation.Small();
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        var applied = await Applied(host, Change("add-c3", AddCommunity));
        var grain = host.Grains.GetGrain<IOrganisationGrain>(0);

        // Act
        var repeat = await grain.ApplyAsync(Change("add-c3", AddCommunity) with { By = "another-admin", At = GrainsHost.Noon.AddHours(1) });
        var conflict = await grain.ApplyAsync(Change("add-c3", AddCommunity with { Name = "别的名字" }));
        var invalid = await grain.ApplyAsync(Change("add-c4", AddCommunity with { Id = "c4", ParentId = "g1" }));

        // Assert
        Assert.Equal((OrganisationChangeStatus.Duplicate, applied.Version), (repeat.Status, repeat.Version));
        Assert.Equal(OrganisationChangeStatus.Conflict, conflict.Status);
        Assert.Equal(OrganisationChangeStatus.Invalid, invalid.Status);
        Assert.Equal("operations[0].level", Assert.Single(invalid.Problems).Field);
        Assert.Equal(applied.Version, organisation.Version);
        Assert.Null(organisation.FindUnit("c4"));
        Assert.Equal("三社区", organisation.FindUnit("c3")!.Name);
    }

    [Fact]
    public async Task Changes_survive_a_restart_with_the_same_tree_and_the_same_numbers()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var dataDirectory = Directory.CreateTempSubdirectory("grains-organisation-").FullName;
        var before = new Dictionary<string, UnitSnapshot>();
        try
        {
            var first = TestOrganisation.Small();
            await using (var host = await GrainsHost.StartAsync(first, clock, dataDirectory))
            {
                await host.Ingestion.SubmitReportsAsync(
                [
                    Writes.Visit("r1", "g1", "w1", GrainsHost.Noon.AddHours(-1)),
                    Writes.Visit("r2", "g2", "w2", GrainsHost.Noon.AddHours(-2), households: 4),
                ]);
                await Applied(host, Change(
                    "reorganise",
                    AddCommunity,
                    new OrganisationOperation(OrganisationOperationKind.AddUnit, "g4", "四网格", UnitLevel.Grid, "c3"),
                    new OrganisationOperation(OrganisationOperationKind.AddWorker, "w5", "赵磊", ParentId: "g4", Phone: "13800000005"),
                    new OrganisationOperation(OrganisationOperationKind.MoveUnit, "g2", ParentId: "c3"),
                    new OrganisationOperation(OrganisationOperationKind.RenameUnit, "s1", "一街道（新）"),
                    new OrganisationOperation(OrganisationOperationKind.RetireWorker, "w4")));
                await host.Ingestion.SubmitReportAsync(Writes.Visit("r3", "g4", "w5", GrainsHost.Noon.AddMinutes(-10)));
                Assert.True(await Eventually.TrueAsync(async () => (await host.SnapshotAsync("d1")).Total.Visits == 3), "r3 never reached the district");
                Assert.True(await Eventually.TrueAsync(() => AggregationTests.ParentsEqualTheirChildrenAsync(host, first)), "a parent differs from the sum of its children");
                foreach (var unit in first.Units)
                {
                    before[unit.Id] = await host.SnapshotAsync(unit.Id);
                }
            }

            // Act: a fresh process reads the organisation file again, then the log.
            var second = TestOrganisation.Small();
            await using var restarted = await GrainsHost.StartAsync(second, clock, dataDirectory);

            // Assert
            Assert.Equal(first.Version, second.Version);
            Assert.Equal(first.Units, second.Units);
            Assert.Equal(first.Workers, second.Workers);
            Assert.True(second.IsRetired("w4"));
            Assert.Equal("13800000005", second.PhoneOf("w5"));
            Assert.Equal("一街道（新）", (await restarted.SnapshotAsync("s1")).Name);
            Assert.Equal("一街道（新）", (await restarted.SnapshotAsync("d1")).Children[0].Name);
            foreach (var unit in second.Units)
            {
                var after = await restarted.SnapshotAsync(unit.Id);
                SnapshotAssert.SameNumbers(before[unit.Id], after);
                Assert.Equal(before[unit.Id].Name, after.Name);
            }
        }
        finally
        {
            GrainsHost.TryDelete(dataDirectory);
        }
    }

    [Fact]
    public async Task Another_process_on_the_same_log_applies_the_stored_changes_at_start_and_follows_the_new_ones()
    {
        // Arrange: a process of its own (a web node or another silo) is its own tree and follower on the shared log.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var organisation = TestOrganisation.Small();
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        await Applied(host, Change("add-c3", AddCommunity));
        var elsewhere = TestOrganisation.Small();
        using var follower = new OrganisationFollower(elsewhere, host.Log, NullLogger<OrganisationFollower>.Instance);

        // Act
        await follower.StartAsync(CancellationToken.None);
        var atStart = elsewhere.Units.ToList();
        var moved = await Applied(host, Change("move-g2", new OrganisationOperation(OrganisationOperationKind.MoveUnit, "g2", ParentId: "c3")));
        await elsewhere.WaitForVersionAsync(moved.Version).WaitAsync(TimeSpan.FromSeconds(10));
        await follower.StopAsync(CancellationToken.None);

        // Assert
        Assert.Contains(atStart, unit => unit.Id == "c3");
        Assert.Equal(organisation.Units, elsewhere.Units);
        Assert.Equal("c3", elsewhere.FindUnit("g2")!.ParentId);
        Assert.Equal(moved.Version, elsewhere.Version);
    }

    private static OrganisationChange Change(string id, params OrganisationOperation[] operations) => new(id, operations, "admin", GrainsHost.Noon);

    private static async Task<OrganisationChangeResult> Applied(GrainsHost host, OrganisationChange change)
    {
        var result = await host.Grains.GetGrain<IOrganisationGrain>(0).ApplyAsync(change);
        Assert.Equal(OrganisationChangeStatus.Applied, result.Status);
        Assert.Empty(result.Problems);
        return result;
    }
}
