using System.Text.Json.Nodes;
using Grains.Organisation;

namespace Grains.Tests;

/// <summary>Organisations for the tests, written in the organisation file format.</summary>
internal static class TestOrganisation
{
    /// <summary>
    /// d1 → s1 (c1 → g1 [w1, w4], g2 [w2]), s2 (c2 → g3 [w3]).
    /// </summary>
    public static OrganisationTree Small() => OrganisationTree.Parse(
        """
        {"id":"d1","name":"测试区","level":"district","children":[
          {"id":"s1","name":"一街道","level":"street","children":[
            {"id":"c1","name":"一社区","level":"community","children":[
              {"id":"g1","name":"一网格","level":"grid","workers":[{"id":"w1","name":"张伟"},{"id":"w4","name":"李娜"}]},
              {"id":"g2","name":"二网格","level":"grid","workers":[{"id":"w2","name":"王芳"}]}]}]},
          {"id":"s2","name":"二街道","level":"street","children":[
            {"id":"c2","name":"二社区","level":"community","children":[
              {"id":"g3","name":"三网格","level":"grid","workers":[{"id":"w3","name":"刘洋"}]}]}]}]}
        """,
        "test");

    /// <summary>A district of a few streets, communities and grids, one or two workers per grid, shaped by <paramref name="random"/>.</summary>
    public static OrganisationTree Generated(Random random)
    {
        var streets = new JsonArray();
        var worker = 0;
        for (var s = 1; s <= 3; s++)
        {
            var communities = new JsonArray();
            for (var c = 1; c <= random.Next(2, 4); c++)
            {
                var grids = new JsonArray();
                for (var g = 1; g <= random.Next(2, 5); g++)
                {
                    var workers = new JsonArray();
                    for (var w = 0; w < random.Next(1, 3); w++)
                    {
                        worker++;
                        workers.Add(new JsonObject { ["id"] = $"w{worker}", ["name"] = $"网格员{worker}" });
                    }

                    grids.Add(Unit($"g{s}-{c}-{g}", $"{s}街道{c}社区{g}网格", "grid", "workers", workers));
                }

                communities.Add(Unit($"c{s}-{c}", $"{s}街道{c}社区", "community", "children", grids));
            }

            streets.Add(Unit($"s{s}", $"{s}街道", "street", "children", communities));
        }

        return OrganisationTree.Parse(Unit("d", "测试区", "district", "children", streets).ToJsonString(), "generated");
    }

    private static JsonObject Unit(string id, string name, string level, string listName, JsonArray list) =>
        new() { ["id"] = id, ["name"] = name, ["level"] = level, [listName] = list };
}
