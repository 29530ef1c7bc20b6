using System.Net.Http.Json;
using System.Text.Json;

namespace Benchmark;

/// <summary>A grid worker as the server knows them, with the street their grid lies in.</summary>
internal sealed record GridWorker(string GridId, string WorkerId, string StreetId);

/// <summary>The organisation a running server serves, read through its API: the root and every grid worker.</summary>
internal sealed record Organisation(string RootId, IReadOnlyList<GridWorker> Workers)
{
    /// <summary>Reads <c>GET /api/units</c> and <c>GET /api/units/{root}/workers</c>.</summary>
    public static async Task<Organisation> FetchAsync(HttpClient client)
    {
        using var units = await client.GetFromJsonAsync<JsonDocument>("api/units") ?? throw new BenchmarkException("/api/units 无内容 / no body");
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in units.RootElement.EnumerateArray())
        {
            var id = unit.GetProperty("id").GetString()!;
            parents[id] = unit.GetProperty("parentId").GetString();
            levels[id] = unit.GetProperty("level").GetString()!;
        }

        var root = parents.Single(unit => unit.Value is null).Key;
        using var workers = await client.GetFromJsonAsync<JsonDocument>($"api/units/{root}/workers") ?? throw new BenchmarkException("workers 无内容 / no body");
        var list = workers.RootElement.EnumerateArray()
            .Select(worker =>
            {
                var gridId = worker.GetProperty("gridId").GetString()!;
                return new GridWorker(gridId, worker.GetProperty("id").GetString()!, StreetOf(gridId));
            })
            .ToList();
        if (list.Count == 0)
        {
            throw new BenchmarkException("组织里没有网格员 / the organisation has no workers");
        }

        return new Organisation(root, list);

        string StreetOf(string unitId)
        {
            while (levels[unitId] != "street")
            {
                unitId = parents[unitId] ?? throw new BenchmarkException($"{unitId} 不在任何街道下 / is under no street");
            }

            return unitId;
        }
    }
}
