using Grains.Interfaces;
using Grains.Organisation;

namespace Grains.Tests.Organisation;

/// <summary>The rules of an organisation change, on <see cref="TestOrganisation.Small"/>: d1 → s1 (c1 → g1 [w1, w4], g2 [w2]), s2 (c2 → g3 [w3]).</summary>
public sealed class OrganisationEditTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 15, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_change_applies_its_operations_in_order_each_seeing_those_before()
    {
        var tree = TestOrganisation.Small();

        var applied = tree.Apply(Change(
            Op(OrganisationOperationKind.AddUnit, "s3", name: "三街道", level: UnitLevel.Street, parentId: "d1"),
            Op(OrganisationOperationKind.AddUnit, "c3", name: "三社区", level: UnitLevel.Community, parentId: "s3"),
            Op(OrganisationOperationKind.AddUnit, "g4", name: "四网格", level: UnitLevel.Grid, parentId: "c3"),
            Op(OrganisationOperationKind.AddWorker, "w5", name: "赵磊", parentId: "g4", phone: "13800000005"),
            Op(OrganisationOperationKind.RenameUnit, "c1", name: "一社区（新）"),
            Op(OrganisationOperationKind.MoveWorker, "w4", parentId: "g2"),
            Op(OrganisationOperationKind.RetireWorker, "w3")), version: 7);

        Assert.True(applied);
        Assert.Equal(7, tree.Version);
        Assert.Equal(["s1", "s2", "s3"], tree.ChildrenOf("d1").Select(unit => unit.Id));
        Assert.Equal(["d1", "s3", "c3", "g4"], tree.LineOf("g4").Select(unit => unit.Id));
        Assert.Equal(["g1", "g2", "g3", "g4"], tree.Grids.Select(grid => grid.Id));
        Assert.Equal(["g4"], tree.GridsUnder("s3").Select(grid => grid.Id));
        Assert.Equal(["w5"], tree.WorkersOf("g4").Select(worker => worker.Id));
        Assert.Equal("13800000005", tree.PhoneOf("w5"));
        Assert.Equal("一社区（新）", tree.FindUnit("c1")!.Name);
        Assert.Equal(["一街道", "一社区（新）", "二网格"], tree.PathOf("g2"));
        Assert.Equal(["w2", "w4"], tree.WorkersOf("g2").Select(worker => worker.Id));
        Assert.Equal(["w1"], tree.WorkersOf("g1").Select(worker => worker.Id));
        Assert.Empty(tree.WorkersOf("g3"));
        Assert.True(tree.IsRetired("w3"));
        Assert.Equal("刘洋", tree.FindWorker("w3")!.Name);
        Assert.DoesNotContain(tree.Workers, worker => worker.Id == "w3");
    }

    [Fact]
    public void A_moved_grid_leaves_its_community_and_keeps_its_level()
    {
        var tree = TestOrganisation.Small();

        tree.Apply(Change(
            Op(OrganisationOperationKind.AddUnit, "c3", name: "三社区", level: UnitLevel.Community, parentId: "s1"),
            Op(OrganisationOperationKind.MoveUnit, "g2", parentId: "c3")), version: 3);

        Assert.Equal(["g1"], tree.ChildrenOf("c1").Select(unit => unit.Id));
        Assert.Equal(["g2"], tree.ChildrenOf("c3").Select(unit => unit.Id));
        Assert.Equal(new Unit("g2", "二网格", UnitLevel.Grid, "c3"), tree.FindUnit("g2"));
        Assert.Equal(["g1", "g2"], tree.GridsUnder("s1").Select(grid => grid.Id));
        Assert.Equal(["w2"], tree.WorkersOf("g2").Select(worker => worker.Id));
    }

    [Fact]
    public void The_district_can_be_renamed()
    {
        var tree = TestOrganisation.Small();

        tree.Apply(Change(Op(OrganisationOperationKind.RenameUnit, "d1", name: "新区（新名）")), version: 2);

        Assert.Equal("新区（新名）", tree.Root.Name);
        Assert.Equal("新区（新名）", tree.FindUnit("d1")!.Name);
        Assert.Equal(["s1", "s2"], tree.ChildrenOf("d1").Select(unit => unit.Id));
    }

    [Theory]
    [InlineData("operations[0].id", OrganisationOperationKind.AddUnit, "g1", "新网格", UnitLevel.Grid, "c1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.AddUnit, "bad id", "新网格", UnitLevel.Grid, "c1", null)]
    [InlineData("operations[0].name", OrganisationOperationKind.AddUnit, "g9", " ", UnitLevel.Grid, "c1", null)]
    [InlineData("operations[0].name", OrganisationOperationKind.AddUnit, "g9", " 新网格", UnitLevel.Grid, "c1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.AddUnit, "organisation", "新网格", UnitLevel.Grid, "c1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.AddUnit, "walls", "新网格", UnitLevel.Grid, "c1", null)]
    [InlineData("operations[0].level", OrganisationOperationKind.AddUnit, "g9", "新网格", UnitLevel.Community, "c1", null)]
    [InlineData("operations[0].level", OrganisationOperationKind.AddUnit, "g9", "新网格", null, "c1", null)]
    [InlineData("operations[0].parentId", OrganisationOperationKind.AddUnit, "g9", "新网格", UnitLevel.Grid, "nowhere", null)]
    [InlineData("operations[0].level", OrganisationOperationKind.AddUnit, "g9", "新网格", UnitLevel.Grid, "g1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.RenameUnit, "nowhere", "新名", null, null, null)]
    [InlineData("operations[0].parentId", OrganisationOperationKind.MoveUnit, "g1", null, null, "s2", null)]
    [InlineData("operations[0].parentId", OrganisationOperationKind.MoveUnit, "g1", null, null, "c1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.MoveUnit, "d1", null, null, "s1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.RetireUnit, "d1", null, null, null, null)]
    [InlineData("operations[0].id", OrganisationOperationKind.RetireUnit, "c1", null, null, null, null)]
    [InlineData("operations[0].id", OrganisationOperationKind.RetireUnit, "g2", null, null, null, null)]
    [InlineData("operations[0].id", OrganisationOperationKind.AddWorker, "w1", "新人", null, "g1", null)]
    [InlineData("operations[0].parentId", OrganisationOperationKind.AddWorker, "w9", "新人", null, "c1", null)]
    [InlineData("operations[0].phone", OrganisationOperationKind.AddWorker, "w9", "新人", null, "g1", "12345")]
    [InlineData("operations[0].phone", OrganisationOperationKind.AddWorker, "w9", "新人", null, "g1", "2380000000x")]
    [InlineData("operations[0].id", OrganisationOperationKind.UpdateWorker, "w9", "新人", null, null, null)]
    [InlineData("operations[0].parentId", OrganisationOperationKind.MoveWorker, "w1", null, null, "g1", null)]
    [InlineData("operations[0].id", OrganisationOperationKind.RetireWorker, "w9", null, null, null, null)]
    [InlineData("operations[0].level", OrganisationOperationKind.RenameUnit, "g1", "新名", UnitLevel.Grid, null, null)]
    [InlineData("operations[0].phone", OrganisationOperationKind.RetireWorker, "w1", null, null, null, "13800000000")]
    public void Each_rule_is_refused_with_its_field_path_and_nothing_changes(
        string field, OrganisationOperationKind kind, string id, string? name, UnitLevel? level, string? parentId, string? phone)
    {
        var tree = TestOrganisation.Small();
        var change = Change(Op(kind, id, name, level, parentId, phone));

        var problems = tree.Check(change);

        var problem = Assert.Single(problems);
        Assert.Equal(0, problem.Operation);
        Assert.Equal(field, problem.Field);
        Assert.Contains(" / ", problem.Message, StringComparison.Ordinal);
        tree.Apply(change, version: 1);
        Assert.Equal(["g1", "g2"], tree.ChildrenOf("c1").Select(unit => unit.Id));
        Assert.Equal(4, tree.Workers.Count);
        Assert.Null(tree.FindUnit("g9"));
    }

    [Fact]
    public void A_unit_retires_once_its_workers_have_gone_and_its_id_stays_taken()
    {
        var tree = TestOrganisation.Small();

        tree.Apply(Change(
            Op(OrganisationOperationKind.RetireWorker, "w2"),
            Op(OrganisationOperationKind.RetireUnit, "g2")), version: 2);

        Assert.Null(tree.FindUnit("g2"));
        Assert.Equal(["g1"], tree.GridsUnder("c1").Select(grid => grid.Id));
        var problem = Assert.Single(tree.Check(Change(Op(OrganisationOperationKind.AddUnit, "g2", "二网格", UnitLevel.Grid, "c1"))));
        Assert.Equal("operations[0].id", problem.Field);
        var reused = Assert.Single(tree.Check(Change(Op(OrganisationOperationKind.AddWorker, "w2", "王芳", parentId: "g1"))));
        Assert.Equal("operations[0].id", reused.Field);
    }

    [Fact]
    public void A_later_operation_is_checked_against_the_earlier_ones_and_every_problem_is_listed()
    {
        var tree = TestOrganisation.Small();

        var problems = tree.Check(Change(
            Op(OrganisationOperationKind.AddUnit, "c3", name: "三社区", level: UnitLevel.Community, parentId: "s1"),
            Op(OrganisationOperationKind.AddUnit, "c3", name: "又一个", level: UnitLevel.Community, parentId: "s1"),
            Op(OrganisationOperationKind.AddWorker, "w9", name: "新人", parentId: "g9")));

        Assert.Equal(
            [(1, "operations[1].id"), (2, "operations[2].parentId")],
            problems.Select(problem => (problem.Operation, problem.Field)));
    }

    [Fact]
    public void A_change_without_operations_or_with_a_bad_id_is_refused()
    {
        var tree = TestOrganisation.Small();

        var problems = tree.Check(new OrganisationChange("bad id", [], "admin", At));

        Assert.Equal(["id", "operations"], problems.Select(problem => problem.Field));
    }

    [Fact]
    public void A_change_at_or_below_the_version_is_already_in()
    {
        var tree = TestOrganisation.Small();
        tree.Apply(Change(Op(OrganisationOperationKind.RenameUnit, "c1", name: "甲")), version: 5);

        var again = tree.Apply(Change(Op(OrganisationOperationKind.RenameUnit, "c1", name: "乙")), version: 5);

        Assert.False(again);
        Assert.Equal("甲", tree.FindUnit("c1")!.Name);
    }

    [Fact]
    public async Task Waiting_for_a_version_completes_when_a_change_brings_the_tree_there()
    {
        var tree = TestOrganisation.Small();
        var waiting = tree.WaitForVersionAsync(9);
        tree.Apply(Change(Op(OrganisationOperationKind.RenameUnit, "c1", name: "甲")), version: 4);
        Assert.False(waiting.IsCompleted);

        tree.Apply(Change(Op(OrganisationOperationKind.RenameUnit, "c1", name: "乙")), version: 9);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(tree.WaitForVersionAsync(9).IsCompletedSuccessfully);
    }

    private static OrganisationChange Change(params OrganisationOperation[] operations) => new("change-1", operations, "admin", At);

    private static OrganisationOperation Op(
        OrganisationOperationKind kind, string id, string? name = null, UnitLevel? level = null, string? parentId = null, string? phone = null) =>
        new(kind, id, name, level, parentId, phone);
}
