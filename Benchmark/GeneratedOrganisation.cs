using System.Text.Encodings.Web;
using System.Text.Json;

namespace Benchmark;

/// <summary>
/// An organisation file of any number of grids: one district, streets of 20 communities, communities of 5 grids,
/// one worker per grid.
/// </summary>
internal static class GeneratedOrganisation
{
    public const string RootId = "bench";
    private const int GridsPerCommunity = 5;
    private const int CommunitiesPerStreet = 20;
    private const int GridsPerStreet = GridsPerCommunity * CommunitiesPerStreet;

    /// <summary>Writes the file and returns its grid workers.</summary>
    public static IReadOnlyList<GridWorker> Write(string path, int grids)
    {
        var workers = new List<GridWorker>(grids);
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        StartUnit(writer, RootId, "基准测试区", "district");
        for (var street = 0; street * GridsPerStreet < grids; street++)
        {
            var streetId = $"s{street + 1:D4}";
            StartUnit(writer, streetId, $"第{street + 1}街道", "street");
            for (var community = 0; community < CommunitiesPerStreet && street * GridsPerStreet + community * GridsPerCommunity < grids; community++)
            {
                var communityId = $"{streetId}-c{community + 1:D2}";
                StartUnit(writer, communityId, $"第{community + 1}社区", "community");
                for (var grid = 0; grid < GridsPerCommunity && workers.Count < grids; grid++)
                {
                    var gridWorker = new GridWorker($"{communityId}-g{grid + 1}", $"w{workers.Count + 1:D6}", streetId);
                    WriteGrid(writer, gridWorker, $"第{grid + 1}网格");
                    workers.Add(gridWorker);
                }

                EndUnit(writer);
            }

            EndUnit(writer);
        }

        EndUnit(writer);
        return workers;
    }

    private static void StartUnit(Utf8JsonWriter writer, string id, string name, string level)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("name", name);
        writer.WriteString("level", level);
        writer.WriteStartArray("children");
    }

    private static void EndUnit(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteGrid(Utf8JsonWriter writer, GridWorker worker, string name)
    {
        writer.WriteStartObject();
        writer.WriteString("id", worker.GridId);
        writer.WriteString("name", name);
        writer.WriteString("level", "grid");
        writer.WriteStartArray("workers");
        writer.WriteStartObject();
        writer.WriteString("id", worker.WorkerId);
        writer.WriteString("name", $"网格员{worker.WorkerId[1..]}");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
