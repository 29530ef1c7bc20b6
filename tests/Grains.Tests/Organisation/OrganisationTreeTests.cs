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

    [Fact]
    public void A_duplicate_unit_id_names_both_places()
    {
        var json = ValidFile.Replace("\"id\": \"boli-c01\"", "\"id\": \"huangdao-c01\"", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].children[0].id: ", message, StringComparison.Ordinal);
        Assert.Contains("重复的单位编号 \"huangdao-c01\"", message, StringComparison.Ordinal);
        Assert.Contains("$.children[0].children[0].id", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_worker_id_names_both_places()
    {
        var json = ValidFile.Replace("\"id\": \"w0005\"", "\"id\": \"w0001\"", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].children[0].children[0].workers[0].id: ", message, StringComparison.Ordinal);
        Assert.Contains("重复的网格员编号 \"w0001\"", message, StringComparison.Ordinal);
        Assert.Contains("$.children[0].children[0].children[0].workers[0].id", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("huang dao")]
    [InlineData("黄岛")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public void A_unit_id_outside_the_allowed_characters_is_refused(string badId)
    {
        var json = ValidFile.Replace("\"id\": \"huangdao-c02\"", $"\"id\": \"{badId}\"", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[0].children[1].id: ", message, StringComparison.Ordinal);
        Assert.Contains($"单位编号 \"{badId}\" 无效", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_id_outside_the_allowed_characters_is_refused()
    {
        var json = ValidFile.Replace("\"id\": \"w0004\"", "\"id\": \"w 4\"", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[0].children[1].children[0].workers[0].id: ", message, StringComparison.Ordinal);
        Assert.Contains("网格员编号 \"w 4\" 无效", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_level_out_of_order_is_refused()
    {
        var json = ValidFile.Replace(
            "\"id\": \"boli-c01\", \"name\": \"棋子湾村\", \"level\": \"community\"",
            "\"id\": \"boli-c01\", \"name\": \"棋子湾村\", \"level\": \"grid\"",
            StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].children[0].level: ", message, StringComparison.Ordinal);
        Assert.Contains("层级应为 \"community\"", message, StringComparison.Ordinal);
        Assert.Contains("实际为 \"grid\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_that_is_not_a_district_is_refused()
    {
        var json = ValidFile.Replace("\"level\": \"district\"", "\"level\": \"street\"", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.level: 根单位的层级应为 \"district\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_level_is_refused()
    {
        var json = ValidFile.Replace("\"name\": \"泊里镇\", \"level\": \"street\"", "\"name\": \"泊里镇\", \"level\": \"town\"", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].level: 未知的层级 \"town\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_without_workers_is_refused()
    {
        var json = ValidFile.Replace(
            "\"level\": \"grid\", \"workers\": [ { \"id\": \"w0004\", \"name\": \"刘洋\" } ]",
            "\"level\": \"grid\"",
            StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[0].children[1].children[0]: ", message, StringComparison.Ordinal);
        Assert.Contains("网格至少要有一名网格员", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_with_an_empty_worker_list_is_refused()
    {
        var json = ValidFile.Replace("[ { \"id\": \"w0005\", \"name\": \"孙敏\" } ]", "[]", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].children[0].children[0].workers: ", message, StringComparison.Ordinal);
        Assert.Contains("网格至少要有一名网格员", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_on_a_unit_that_is_not_a_grid_are_refused()
    {
        var json = ValidFile.Replace(
            "\"name\": \"棋子湾村\", \"level\": \"community\",",
            "\"name\": \"棋子湾村\", \"level\": \"community\", \"workers\": [ { \"id\": \"w0009\", \"name\": \"周杰\" } ],",
            StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].children[0].workers: 只有网格可以有网格员", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Children_under_a_grid_are_refused()
    {
        var json = ValidFile.Replace(
            "\"level\": \"grid\", \"workers\": [ { \"id\": \"w0005\"",
            "\"level\": \"grid\", \"children\": [], \"workers\": [ { \"id\": \"w0005\"",
            StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].children[0].children[0].children: 网格不能有下级单位", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_on_a_unit_is_refused()
    {
        var json = ValidFile.Replace("\"name\": \"泊里镇\",", "\"name\": \"泊里镇\", \"parent\": \"xihaian\",", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].parent: 未知属性 \"parent\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_on_a_worker_is_refused()
    {
        var json = ValidFile.Replace("{ \"id\": \"w0001\", \"name\": \"张伟\" }", "{ \"id\": \"w0001\", \"name\": \"张伟\", \"phone\": \"123\" }", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[0].children[0].children[0].workers[0].phone: 未知属性 \"phone\"", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五\"")]
    [InlineData("null")]
    public void A_name_that_is_empty_too_long_or_not_a_string_is_refused(string badName)
    {
        var json = ValidFile.Replace("\"name\": \"泊里镇\"", $"\"name\": {badName}", StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1].name: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_id_names_the_unit()
    {
        var json = ValidFile.Replace("\"id\": \"boli\", ", string.Empty, StringComparison.Ordinal);

        var message = ProblemWith(json);

        Assert.StartsWith("organisation.json: $.children[1]: 缺少属性 \"id\"", message, StringComparison.Ordinal);
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
