using Grains.Interfaces;
using Grains.Organisation;

namespace Grains.Tests.Organisation;

public sealed class OrganisationTreeTests
{
    private const string Source = "organisation.json";

    private const string ValidFile = """
        {
          "id": "xihaian", "name": "青岛西海岸新区", "level": "district",
          "children": [
            { "id": "huangdao", "name": "黄岛街道", "level": "street", "children": [
              { "id": "huangdao-c01", "name": "黄岛街道第一社区", "level": "community", "children": [
                { "id": "huangdao-c01-g1", "name": "第一网格", "level": "grid", "workers": [ { "id": "w0001", "name": "张伟" } ] },
                { "id": "huangdao-c01-g2", "name": "第二网格", "level": "grid", "workers": [ { "id": "w0002", "name": "王芳" }, { "id": "w0003", "name": "李强" } ] }
              ] },
              { "id": "huangdao-c02", "name": "黄岛街道第二社区", "level": "community", "children": [
                { "id": "huangdao-c02-g1", "name": "第一网格", "level": "grid", "workers": [ { "id": "w0004", "name": "刘洋" } ] }
              ] }
            ] },
            { "id": "boli", "name": "泊里镇", "level": "street", "children": [
              { "id": "boli-c01", "name": "棋子湾村", "level": "community", "children": [
                { "id": "boli-c01-g1", "name": "第一网格", "level": "grid", "workers": [ { "id": "w0005", "name": "孙敏" } ] }
              ] }
            ] }
          ]
        }
        """;

    [Fact]
    public void A_valid_file_gives_units_depth_first_with_their_parents_and_levels()
    {
        var tree = OrganisationTree.Parse(ValidFile, Source);

        Assert.Equal(new Unit("xihaian", "青岛西海岸新区", UnitLevel.District, null), tree.Root);
        Assert.Equal(
            ["xihaian", "huangdao", "huangdao-c01", "huangdao-c01-g1", "huangdao-c01-g2", "huangdao-c02", "huangdao-c02-g1", "boli", "boli-c01", "boli-c01-g1"],
            tree.Units.Select(unit => unit.Id));
        Assert.Equal(new Unit("huangdao", "黄岛街道", UnitLevel.Street, "xihaian"), tree.FindUnit("huangdao"));
        Assert.Equal(new Unit("huangdao-c01", "黄岛街道第一社区", UnitLevel.Community, "huangdao"), tree.FindUnit("huangdao-c01"));
        Assert.Equal(new Unit("huangdao-c01-g2", "第二网格", UnitLevel.Grid, "huangdao-c01"), tree.FindUnit("huangdao-c01-g2"));
        Assert.Null(tree.FindUnit("nowhere"));
    }

    [Fact]
    public void Children_are_listed_in_file_order_and_grids_have_none()
    {
        var tree = OrganisationTree.Parse(ValidFile, Source);

        Assert.Equal(["huangdao", "boli"], tree.ChildrenOf("xihaian").Select(unit => unit.Id));
        Assert.Equal(["huangdao-c01-g1", "huangdao-c01-g2"], tree.ChildrenOf("huangdao-c01").Select(unit => unit.Id));
        Assert.Empty(tree.ChildrenOf("huangdao-c01-g1"));
        Assert.Empty(tree.ChildrenOf("nowhere"));
    }

    [Fact]
    public void Workers_belong_to_their_grid()
    {
        var tree = OrganisationTree.Parse(ValidFile, Source);

        Assert.Equal(5, tree.Workers.Count);
        Assert.Equal(new Worker("w0003", "李强", "huangdao-c01-g2"), tree.FindWorker("w0003"));
        Assert.Equal(["w0002", "w0003"], tree.WorkersOf("huangdao-c01-g2").Select(worker => worker.Id));
        Assert.Empty(tree.WorkersOf("huangdao-c01"));
        Assert.Empty(tree.WorkersOf("nowhere"));
        Assert.Null(tree.FindWorker("w9999"));
    }

    [Fact]
    public void Grids_under_a_unit_are_the_grids_of_its_subtree()
    {
        var tree = OrganisationTree.Parse(ValidFile, Source);

        Assert.Equal(
            ["huangdao-c01-g1", "huangdao-c01-g2", "huangdao-c02-g1", "boli-c01-g1"],
            tree.GridsUnder("xihaian").Select(unit => unit.Id));
        Assert.Equal(["huangdao-c01-g1", "huangdao-c01-g2", "huangdao-c02-g1"], tree.GridsUnder("huangdao").Select(unit => unit.Id));
        Assert.Equal(["huangdao-c02-g1"], tree.GridsUnder("huangdao-c02").Select(unit => unit.Id));
        Assert.Equal(["boli-c01-g1"], tree.GridsUnder("boli-c01-g1").Select(unit => unit.Id));
        Assert.Empty(tree.GridsUnder("nowhere"));
        Assert.Equal(tree.GridsUnder("xihaian"), tree.Grids);
    }

    [Fact]
    public void The_line_of_a_unit_runs_from_the_root_down_to_it()
    {
        var tree = OrganisationTree.Parse(ValidFile, Source);

        Assert.Equal(["xihaian", "huangdao", "huangdao-c02", "huangdao-c02-g1"], tree.LineOf("huangdao-c02-g1").Select(unit => unit.Id));
        Assert.Equal(["xihaian", "huangdao"], tree.LineOf("huangdao").Select(unit => unit.Id));
        Assert.Equal(["xihaian"], tree.LineOf("xihaian").Select(unit => unit.Id));
        Assert.Empty(tree.LineOf("nowhere"));
    }

    /// <summary>
    /// Each rule of the file: what it forbids, the text of the valid file replaced to break it, where the problem must
    /// point and what it must say.
    /// </summary>
    public static TheoryData<string, string, string, string, string[]> BrokenRules => new()
    {
        { "a duplicate unit id names both places", "\"id\": \"boli-c01\"", "\"id\": \"huangdao-c01\"", "$.children[1].children[0].id: ", ["重复的单位编号 \"huangdao-c01\"", "$.children[0].children[0].id"] },
        { "a duplicate worker id names both places", "\"id\": \"w0005\"", "\"id\": \"w0001\"", "$.children[1].children[0].children[0].workers[0].id: ", ["重复的网格员编号 \"w0001\"", "$.children[0].children[0].children[0].workers[0].id"] },
        { "a unit id with a space", "\"id\": \"huangdao-c02\"", "\"id\": \"huang dao\"", "$.children[0].children[1].id: ", ["单位编号 \"huang dao\" 无效"] },
        { "a unit id in Chinese", "\"id\": \"huangdao-c02\"", "\"id\": \"黄岛\"", "$.children[0].children[1].id: ", ["单位编号 \"黄岛\" 无效"] },
        { "an empty unit id", "\"id\": \"huangdao-c02\"", "\"id\": \"\"", "$.children[0].children[1].id: ", ["单位编号 \"\" 无效"] },
        { "a unit id with a slash", "\"id\": \"huangdao-c02\"", "\"id\": \"a/b\"", "$.children[0].children[1].id: ", ["单位编号 \"a/b\" 无效"] },
        { "a unit id of 65 characters", "\"id\": \"huangdao-c02\"", $"\"id\": \"x{new string('1', 64)}\"", "$.children[0].children[1].id: ", [$"单位编号 \"x{new string('1', 64)}\" 无效"] },
        { "a worker id with a space", "\"id\": \"w0004\"", "\"id\": \"w 4\"", "$.children[0].children[1].children[0].workers[0].id: ", ["网格员编号 \"w 4\" 无效"] },
        { "a level out of order", "\"id\": \"boli-c01\", \"name\": \"棋子湾村\", \"level\": \"community\"", "\"id\": \"boli-c01\", \"name\": \"棋子湾村\", \"level\": \"grid\"", "$.children[1].children[0].level: ", ["层级应为 \"community\"", "实际为 \"grid\""] },
        { "a root that is not a district", "\"level\": \"district\"", "\"level\": \"street\"", "$.level: 根单位的层级应为 \"district\"", [] },
        { "an unknown level", "\"name\": \"泊里镇\", \"level\": \"street\"", "\"name\": \"泊里镇\", \"level\": \"town\"", "$.children[1].level: 未知的层级 \"town\"", [] },
        { "a grid without workers", "\"level\": \"grid\", \"workers\": [ { \"id\": \"w0004\", \"name\": \"刘洋\" } ]", "\"level\": \"grid\"", "$.children[0].children[1].children[0]: ", ["网格至少要有一名网格员"] },
        { "a grid with an empty worker list", "[ { \"id\": \"w0005\", \"name\": \"孙敏\" } ]", "[]", "$.children[1].children[0].children[0].workers: ", ["网格至少要有一名网格员"] },
        { "workers on a unit that is not a grid", "\"name\": \"棋子湾村\", \"level\": \"community\",", "\"name\": \"棋子湾村\", \"level\": \"community\", \"workers\": [ { \"id\": \"w0009\", \"name\": \"周杰\" } ],", "$.children[1].children[0].workers: 只有网格可以有网格员", [] },
        { "children under a grid", "\"level\": \"grid\", \"workers\": [ { \"id\": \"w0005\"", "\"level\": \"grid\", \"children\": [], \"workers\": [ { \"id\": \"w0005\"", "$.children[1].children[0].children[0].children: 网格不能有下级单位", [] },
        { "an unknown property on a unit", "\"name\": \"泊里镇\",", "\"name\": \"泊里镇\", \"parent\": \"xihaian\",", "$.children[1].parent: 未知属性 \"parent\"", [] },
        { "an unknown property on a worker", "{ \"id\": \"w0001\", \"name\": \"张伟\" }", "{ \"id\": \"w0001\", \"name\": \"张伟\", \"phone\": \"123\" }", "$.children[0].children[0].children[0].workers[0].phone: 未知属性 \"phone\"", [] },
        { "an empty name", "\"name\": \"泊里镇\"", "\"name\": \"\"", "$.children[1].name: ", [] },
        { "a blank name", "\"name\": \"泊里镇\"", "\"name\": \"   \"", "$.children[1].name: ", [] },
        { "a name of 65 characters", "\"name\": \"泊里镇\"", $"\"name\": \"{new string('一', 65)}\"", "$.children[1].name: ", [] },
        { "a name that is not a string", "\"name\": \"泊里镇\"", "\"name\": null", "$.children[1].name: ", [] },
        { "a missing id", "\"id\": \"boli\", ", string.Empty, "$.children[1]: 缺少属性 \"id\"", [] },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void A_file_that_breaks_a_rule_is_refused_saying_where_and_what(string rule, string valid, string broken, string where, string[] what)
    {
        var json = ValidFile.Replace(valid, broken, StringComparison.Ordinal);
        Assert.NotEqual(ValidFile, json);

        var message = ProblemWith(json);

        Assert.True(message.StartsWith($"{Source}: {where}", StringComparison.Ordinal), $"{rule}: {message}");
        Assert.All(what, text => Assert.Contains(text, message, StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_json_gives_the_line_and_column()
    {
        const string json = "{\n  \"id\": \"xihaian\",\n  \"name\": \"青岛\" \"level\": \"district\"\n}";

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: 第 3 行第 16 列: JSON 格式错误", message, StringComparison.Ordinal);
        Assert.Contains("line 3, column 16", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_after_the_root_unit_is_refused_with_its_line_and_column()
    {
        var message = ProblemWith(ValidFile + "\n// the end\n{}");

        Assert.Matches(@"^organisation\.json: 第 \d+ 行第 1 列: JSON 格式错误", message);
        Assert.Contains(", column 1: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_whitespace_after_the_root_unit_are_allowed()
    {
        var tree = OrganisationTree.Parse(ValidFile + "\n  // the end\n", Source);

        Assert.Equal(10, tree.Units.Count);
    }

    [Fact]
    public void An_empty_file_is_refused_as_malformed_json()
    {
        var message = ProblemWith(string.Empty);

        Assert.StartsWith("organisation.json: 第 1 行第 1 列: JSON 格式错误", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "organisation.json");

        var exception = Assert.Throws<OrganisationFileException>(() => OrganisationTree.Load(path));

        Assert.StartsWith($"{path}: 找不到组织架构文件", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_on_disk_loads_and_its_problems_name_the_file()
    {
        var directory = Directory.CreateTempSubdirectory("org-");
        try
        {
            var good = Path.Combine(directory.FullName, "good.json");
            var bad = Path.Combine(directory.FullName, "bad.json");
            File.WriteAllText(good, ValidFile);
            File.WriteAllText(bad, ValidFile.Replace("\"level\": \"district\"", "\"level\": \"grid\"", StringComparison.Ordinal));

            var tree = OrganisationTree.Load(good);
            var exception = Assert.Throws<OrganisationFileException>(() => OrganisationTree.Load(bad));

            Assert.Equal(10, tree.Units.Count);
            Assert.StartsWith($"{bad}: $.level: ", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string ProblemWith(string json) =>
        Assert.Throws<OrganisationFileException>(() => OrganisationTree.Parse(json, Source)).Message;
}
