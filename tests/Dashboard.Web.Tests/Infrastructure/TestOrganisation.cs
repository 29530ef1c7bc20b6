using System.Text.Json;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// A small organisation: district t-d with streets t-s1 (communities t-c1: grids t-g1 [t-w1], t-g2 [t-w2, t-w3];
/// t-c2: grid t-g3 [t-w4]) and t-s2 (community t-c3: grid t-g4 [t-w5]).
/// </summary>
public static class TestOrganisation
{
    public const string District = "t-d";

    public static readonly string[] UnitIds = ["t-d", "t-s1", "t-c1", "t-g1", "t-g2", "t-c2", "t-g3", "t-s2", "t-c3", "t-g4"];

    public static string WriteTo(string directory)
    {
        var organisation = Unit("t-d", "测试区", "district",
            Unit("t-s1", "第一街道", "street",
                Unit("t-c1", "第一社区", "community",
                    Grid("t-g1", "第一网格", ("t-w1", "张三")),
                    Grid("t-g2", "第二网格", ("t-w2", "李四"), ("t-w3", "王五"))),
                Unit("t-c2", "第二社区", "community",
                    Grid("t-g3", "第三网格", ("t-w4", "赵六")))),
            Unit("t-s2", "第二街道", "street",
                Unit("t-c3", "第三社区", "community",
                    Grid("t-g4", "第四网格", ("t-w5", "孙七")))));
        var path = Path.Combine(directory, "organisation.json");
        File.WriteAllText(path, JsonSerializer.Serialize(organisation));
        return path;
    }

    private static Dictionary<string, object> Unit(string id, string name, string level, params Dictionary<string, object>[] children) =>
        new() { ["id"] = id, ["name"] = name, ["level"] = level, ["children"] = children };

    private static Dictionary<string, object> Grid(string id, string name, params (string Id, string Name)[] workers) =>
        new()
        {
            ["id"] = id,
            ["name"] = name,
            ["level"] = "grid",
            ["workers"] = workers.Select(worker => new Dictionary<string, object> { ["id"] = worker.Id, ["name"] = worker.Name }).ToArray(),
        };
}
