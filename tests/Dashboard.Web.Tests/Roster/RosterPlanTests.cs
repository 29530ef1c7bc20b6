using System.Text;
using Dashboard.Web.Roster;
using Grains.Interfaces;
using Grains.Organisation;
using static Grains.Interfaces.OrganisationOperationKind;

namespace Dashboard.Web.Tests.Roster;

/// <summary>
/// Planning a roster (花名册) import (issue 13, section 1) against a small organisation in the demo's id convention:
/// xihaian → huangdao (黄岛街道) → huangdao-c01 (第一社区: g1 [w1 谢永娟 with a phone], g2 [w2 宋国斌, w3 彭俊敏]),
/// huangdao-c02 (第二社区: g1 [w4 单红萍]).
/// </summary>
public sealed class RosterPlanTests
{
    private static readonly string[] Header = ["街道", "社区", "网格", "网格员姓名", "工号", "手机号"];

    private static readonly OrganisationTree Tree = Changed(Parse(), new OrganisationOperation(UpdateWorker, "w1", "谢永娟", Phone: "13800000001"));

    private static OrganisationTree Parse() => OrganisationTree.Parse(
        """
        {"id":"xihaian","name":"青岛西海岸新区","level":"district","children":[
          {"id":"huangdao","name":"黄岛街道","level":"street","children":[
            {"id":"huangdao-c01","name":"第一社区","level":"community","children":[
              {"id":"huangdao-c01-g1","name":"第一网格","level":"grid","workers":[{"id":"w1","name":"谢永娟"}]},
              {"id":"huangdao-c01-g2","name":"第二网格","level":"grid","workers":[{"id":"w2","name":"宋国斌"},{"id":"w3","name":"彭俊敏"}]}]},
            {"id":"huangdao-c02","name":"第二社区","level":"community","children":[
              {"id":"huangdao-c02-g1","name":"第一网格","level":"grid","workers":[{"id":"w4","name":"单红萍"}]}]}]}]}
        """,
        "test");

    [Fact]
    public void A_new_street_plans_its_units_then_each_worker_with_ids_in_the_demos_convention()
    {
        var plan = Plan(
            Header,
            ["长江路街道", "长江路第一社区", "第一网格", "王强", "n001", "13900000001"],
            ["长江路街道", "长江路第一社区", "第一网格", "李娜", "n002", ""],
            ["长江路街道", "长江路第一社区", "第二网格", "", "", ""],
            ["长江路街道", "长江路第二社区", "第一网格", "赵敏", "n003", ""]);

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [
                new(AddUnit, "s01", "长江路街道", UnitLevel.Street, "xihaian"),
                new(AddUnit, "s01-c01", "长江路第一社区", UnitLevel.Community, "s01"),
                new(AddUnit, "s01-c01-g1", "第一网格", UnitLevel.Grid, "s01-c01"),
                new(AddWorker, "n001", "王强", ParentId: "s01-c01-g1", Phone: "13900000001"),
                new(AddWorker, "n002", "李娜", ParentId: "s01-c01-g1"),
                new(AddUnit, "s01-c01-g2", "第二网格", UnitLevel.Grid, "s01-c01"),
                new(AddUnit, "s01-c02", "长江路第二社区", UnitLevel.Community, "s01"),
                new(AddUnit, "s01-c02-g1", "第一网格", UnitLevel.Grid, "s01-c02"),
                new(AddWorker, "n003", "赵敏", ParentId: "s01-c02-g1"),
            ],
            plan.Operations);
        Assert.Equal(new RosterSummary(Streets: 1, Communities: 2, Grids: 3, Workers: 3, Moves: 0, Updates: 0), plan.Summary);
        Assert.Empty(plan.Notices);
    }

    [Fact]
    public void Units_are_matched_by_name_under_their_parent_and_new_ones_take_the_next_number()
    {
        var plan = Plan(
            Header,
            ["黄岛街道", "第一社区", "第三网格", "", "", ""],
            ["黄岛街道", "第三社区", "第一网格", "", "", ""],
            ["黄岛街道", "第二社区", "第一网格", "", "", ""]);

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [
                new(AddUnit, "huangdao-c01-g3", "第三网格", UnitLevel.Grid, "huangdao-c01"),
                new(AddUnit, "huangdao-c03", "第三社区", UnitLevel.Community, "huangdao"),
                new(AddUnit, "huangdao-c03-g1", "第一网格", UnitLevel.Grid, "huangdao-c03"),
            ],
            plan.Operations);
    }

    [Fact]
    public void A_worker_in_another_grid_moves_a_changed_name_or_phone_updates_and_the_same_plans_nothing()
    {
        var plan = Plan(
            ["工号", "网格员姓名", "网格", "社区", "街道", "手机号"],
            ["w1", "谢永娟", "第二网格", "第一社区", "黄岛街道", "13800000001"],
            ["w2", "宋国斌", "第二网格", "第一社区", "黄岛街道", "13800000002"],
            ["w3", "彭俊敏", "第二网格", "第一社区", "黄岛街道", ""]);

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [
                new(MoveWorker, "w1", ParentId: "huangdao-c01-g2"),
                new(UpdateWorker, "w2", "宋国斌", Phone: "13800000002"),
            ],
            plan.Operations);
        Assert.Equal(new RosterSummary(0, 0, 0, 0, Moves: 1, Updates: 1), plan.Summary);
    }

    [Fact]
    public void Without_a_phone_column_phones_stay_and_workers_left_out_of_a_grid_are_notices_not_retirements()
    {
        var plan = Plan(
            ["街道", "社区", "网格", "网格员姓名", "工号"],
            ["黄岛街道", "第一社区", "第一网格", "谢永娟（组长）", "w1"],
            ["黄岛街道", "第一社区", "第二网格", "宋国斌", "w2"]);

        Assert.Equal([new(UpdateWorker, "w1", "谢永娟（组长）", Phone: "13800000001")], plan.Operations);
        var notice = Assert.Single(plan.Notices);
        Assert.Contains("黄岛街道 / 第一社区 / 第二网格", notice, StringComparison.Ordinal);
        Assert.Contains("彭俊敏（工号 w3）", notice, StringComparison.Ordinal);
    }

    public static TheoryData<string[][], int, string, string> ProblemCases() => new()
    {
        { [Header, ["黄岛街道", "", "第一网格", "王强", "n1", ""]], 2, "社区", "不能为空" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", "王强", "", ""]], 2, "工号", "不能为空" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", "", "n1", ""]], 2, "网格员姓名", "不能为空" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", "王强", "n 1", ""]], 2, "工号", "字母、数字" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", "王强", "n1", ""], ["黄岛街道", "第一社区", "第二网格", "李娜", "n1", ""]], 3, "工号", "与第 2 行的工号重复" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", "王强", "n1", "1380000000"]], 2, "手机号", "11 位手机号" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", new string('王', 65), "n1", ""]], 2, "网格员姓名", "64 个字符" },
        { [Header, ["黄岛街道", "第一社区", "第一网格", "", "", ""], ["长江路街道", "第一社区", "第一网格", "", "", ""]], 3, "社区", "第 2 行属于街道 黄岛街道" },
        { [["街道", "社区", "网格", "网格员姓名", "工号", "身份证号"], ["黄岛街道", "第一社区", "第一网格", "王强", "n1", ""]], 1, "身份证号", "不认识的列" },
        { [["街道", "社区", "网格", "网格员姓名"], ["黄岛街道", "第一社区", "第一网格", "王强"]], 1, "工号", "缺少这一列" },
        { [], 1, "", "文件是空的" },
        { [Header], 2, "", "没有任何一行" },
    };

    [Theory]
    [MemberData(nameof(ProblemCases))]
    public void Each_problem_names_its_row_and_column_and_nothing_is_planned(string[][] rows, int row, string column, string message)
    {
        var plan = Plan(rows);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal((row, column), (problem.Row, problem.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Empty(plan.Operations);
    }

    [Fact]
    public void Problems_speak_English_when_asked_and_name_the_files_own_header()
    {
        var plan = RosterPlan.Of(
            RosterSheet.Of([["street", "community", "grid", "name", "employeeNo"], ["黄岛街道", "第一社区", "第一网格", "王强", "n/1"]]),
            Tree, english: true);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal((2, "employeeNo", "only 1 to 64 letters, digits, -, _ or ."), (problem.Row, problem.Column, problem.Message));
    }

    [Fact]
    public void A_title_above_the_header_is_skipped_and_rows_keep_the_sheets_numbers()
    {
        var plan = Plan(
            ["黄岛街道网格员花名册（2026年12月）"],
            [],
            Header,
            ["黄岛街道", "第一社区", "第一网格", "谢永娟", "w1", "13800000001"],
            ["黄岛街道", "第一社区", "第一网格", "王强", "bad no", ""]);

        Assert.Equal((5, "工号"), (Assert.Single(plan.Problems).Row, plan.Problems[0].Column));
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused_before_they_are_read()
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(Enumerable.Range(0, RosterPlan.MaxRows + 1).Select(i => new[] { "黄岛街道", "第一社区", "第一网格", "王强", $"n{i}", "" }));

        var problem = Assert.Single(Plan([.. rows]).Problems);

        Assert.Contains("最多 20000 行", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx", false)]
    [InlineData("csv", false)]
    [InlineData("xlsx", true)]
    [InlineData("csv", true)]
    public void An_export_read_back_plans_no_operation(string format, bool english)
    {
        var export = RosterExport.Of(Tree, "xihaian", english)!;
        var bytes = format == "xlsx" ? export.ToXlsx() : export.ToCsv();

        var plan = RosterPlan.Of(RosterSheet.Read(bytes), Tree, english: false);

        Assert.Empty(plan.Problems);
        Assert.Empty(plan.Operations);
        Assert.Empty(plan.Notices);
        Assert.Equal(4, export.Table.Rows.Count);
        Assert.Equal(["黄岛街道", "第一社区", "第一网格", "谢永娟", "w1", "13800000001"], export.Table.Rows[0]);
        Assert.Equal(["黄岛街道", "第二社区", "第一网格", "单红萍", "w4", null], export.Table.Rows[3]);
    }

    [Fact]
    public void An_export_of_a_community_holds_its_grids_only_and_is_named_after_it()
    {
        var export = RosterExport.Of(Tree, "huangdao-c01", english: false)!;

        Assert.Equal("第一社区-花名册", export.FileStem);
        Assert.Equal(["w1", "w2", "w3"], export.Table.Rows.Select(row => row[4]));
        Assert.Null(RosterExport.Of(Tree, "nowhere", english: false));
    }

    [Fact]
    public void A_CSV_saved_by_Chinese_Excel_in_GB18030_with_quotes_reads_as_its_cells()
    {
        var csv = "街道,社区,网格,网格员姓名,工号,手机号\r\n黄岛街道,第一社区,\"第一网格\",\"谢\"\"永娟\",w1,\r\n";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(54936)!.GetBytes(csv);

        var sheet = RosterSheet.Read(bytes);

        Assert.Equal(["黄岛街道", "第一社区", "第一网格", "谢\"永娟", "w1", ""], sheet.Rows[1]);
        Assert.Equal(2, sheet.Rows.Count);
    }

    [Fact]
    public void A_retired_workers_number_is_a_problem_and_a_retired_units_id_is_not_given_again()
    {
        var tree = Changed(
            Parse(),
            new OrganisationOperation(AddUnit, "huangdao-c02-g2", "第二网格", UnitLevel.Grid, "huangdao-c02"),
            new OrganisationOperation(RetireUnit, "huangdao-c02-g2"),
            new OrganisationOperation(RetireWorker, "w3"));

        var retired = RosterPlan.Of(RosterSheet.Of([Header, ["黄岛街道", "第一社区", "第二网格", "彭俊敏", "w3", ""]]), tree, english: false);
        var grid = RosterPlan.Of(RosterSheet.Of([Header, ["黄岛街道", "第二社区", "新网格", "", "", ""]]), tree, english: false);

        var problem = Assert.Single(retired.Problems);
        Assert.Equal((2, "工号"), (problem.Row, problem.Column));
        Assert.Contains("已离职的网格员 彭俊敏", problem.Message, StringComparison.Ordinal);
        Assert.Equal([new(AddUnit, "huangdao-c02-g3", "新网格", UnitLevel.Grid, "huangdao-c02")], grid.Operations);
    }

    [Fact]
    public void Two_units_of_the_same_name_under_one_parent_are_a_problem_not_a_guess()
    {
        var tree = Changed(Parse(), new OrganisationOperation(AddUnit, "huangdao-c01-g9", "第一网格", UnitLevel.Grid, "huangdao-c01"));

        var plan = RosterPlan.Of(RosterSheet.Of([Header, ["黄岛街道", "第一社区", "第一网格", "王强", "n1", ""]]), tree, english: false);

        var problem = Assert.Single(plan.Problems);
        Assert.Equal((2, "网格"), (problem.Row, problem.Column));
        Assert.Contains("huangdao-c01-g1、huangdao-c01-g9", problem.Message, StringComparison.Ordinal);
        Assert.Empty(plan.Operations);
    }

    [Fact]
    public void A_grid_without_workers_exports_as_a_row_of_its_own_and_reads_back_as_nothing_to_do()
    {
        var tree = Changed(Parse(), new OrganisationOperation(RetireWorker, "w4"));

        var export = RosterExport.Of(tree, "huangdao-c02", english: false)!;
        var plan = RosterPlan.Of(RosterSheet.Read(export.ToCsv()), tree, english: false);

        Assert.Equal(["黄岛街道", "第二社区", "第一网格", null, null, null], Assert.Single(export.Table.Rows));
        Assert.Empty(plan.Problems);
        Assert.Empty(plan.Operations);
    }

    /// <summary>The tree after one change of <paramref name="operations"/>, applied as the log would apply it.</summary>
    private static OrganisationTree Changed(OrganisationTree tree, params OrganisationOperation[] operations)
    {
        var change = new OrganisationChange($"c{tree.Version + 1}", operations, "test", DateTimeOffset.UnixEpoch);
        Assert.Empty(tree.Check(change));
        Assert.True(tree.Apply(change, tree.Version + 1));
        return tree;
    }

    private static RosterPlan Plan(params string[][] rows) =>
        RosterPlan.Of(RosterSheet.Of(rows), Tree, english: false);
}
