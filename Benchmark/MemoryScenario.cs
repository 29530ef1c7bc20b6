using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Benchmark;

/// <summary>
/// Spec 8, memory: a generated organisation of many grids, read idle and again with every grid active (a visit and an
/// event in each grid, and with <c>--memory-statuses</c> a duty status for each worker, off by default because the API
/// takes statuses one request at a time).
/// </summary>
/// <remarks>
/// "Runs in 1 GB" is measured as it would run there: the server's GC is told its budget, as .NET tells it in a
/// container limited to 1 GiB (a heap limit of 75% of the limit). Without a budget the GC keeps the regions it freed
/// committed for later on a machine with memory to spare (24 GiB here), and the resident set then says how much the
/// machine has, not how much GridPulse needs.
/// </remarks>
internal static class MemoryScenario
{
    private const long Gibibyte = 1024L * 1024 * 1024;

    /// <summary>The GC heap limit .NET sets in a container limited to 1 GiB: 75% of it.</summary>
    private const long HeapLimit = Gibibyte / 4 * 3;

    public static async Task RunAsync(BenchmarkSettings settings, List<Figure> figures)
    {
        using var scratch = new ScratchDirectory();
        var file = scratch.File("organisation.json");
        var workers = GeneratedOrganisation.Write(file, settings.Grids);
        var budget = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{HeapLimit:x}" };
        await using var server = await ServerProcess.StartReadyAsync(settings, scratch.File("data"), budget, "--org", file);
        figures.Add(new Figure("GC 堆上限 GC heap limit (1 GiB container)", HeapLimit / 1048576.0, "MiB"));
        var idle = await ReadMemoryAsync(server.Client);
        figures.Add(new Figure("空闲常驻内存 idle RSS", idle.WorkingSetBytes / 1048576.0, "MiB"));
        figures.Add(new Figure("空闲托管堆 idle managed heap", idle.ManagedHeapBytes / 1048576.0, "MiB"));

        var now = DateTimeOffset.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..8];
        var reports = ReportBatches.Serialize(workers.SelectMany(worker => new[]
        {
            new Report($"v{run}-{worker.GridId}", worker, ReportKind.Visit, now, 1),
            new Report($"e{run}-{worker.GridId}", worker, ReportKind.Event, now, 10),
        }));
        await BatchSender.SendAsync(server.Address, settings.AdminToken, reports.Batches, settings.BatchConnections);
        if (settings.MemoryStatuses)
        {
            await PostStatusesAsync(server.Client, workers, settings.Connections, now);
        }
        else
        {
            Console.WriteLine("未上报网格员状态（--memory-statuses 开启）/ worker statuses not sent (--memory-statuses sends them)");
        }

        await server.PollAsync(
            async client => await Totals.ReadAsync(client, GeneratedOrganisation.RootId) == reports.Expected,
            TimeSpan.FromMinutes(2),
            $"每个网格都有走访和活动 every grid's visit and event counted: {reports.Expected}");

        var active = await ReadMemoryAsync(server.Client);
        var perGrid = (double)active.ManagedHeapBytes / settings.Grids;
        figures.Add(new Figure("活跃常驻内存 active RSS", active.WorkingSetBytes / 1048576.0, "MiB", "<= 1024 MiB", active.WorkingSetBytes <= Gibibyte));
        figures.Add(new Figure("活跃托管堆 active managed heap", active.ManagedHeapBytes / 1048576.0, "MiB"));
        figures.Add(new Figure("GC 堆大小 GC heap size", active.GcHeapSizeBytes / 1048576.0, "MiB"));
        figures.Add(new Figure("每网格托管堆 managed heap per grid", Math.Round(perGrid), "B", "<= 4096 B", perGrid <= 4096));
        figures.Add(new Figure("每网格常驻内存 RSS per grid", Math.Round((double)active.WorkingSetBytes / settings.Grids), "B"));
        figures.Add(new Figure("网格数 grids", settings.Grids, ""));
    }

    // One request per worker: the API takes statuses one at a time.
    private static async Task PostStatusesAsync(HttpClient client, IReadOnlyList<GridWorker> workers, int concurrency, DateTimeOffset at)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"status\":\"on-duty\",\"at\":\"{at.ToString("O", CultureInfo.InvariantCulture)}\"}}");
        await Parallel.ForEachAsync(workers, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (worker, cancellationToken) =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(new Uri($"api/workers/{worker.WorkerId}/status", UriKind.Relative), content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new BenchmarkException($"网格员状态返回 {(int)response.StatusCode} / a worker status answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        });
    }

    private static async Task<MemoryReading> ReadMemoryAsync(HttpClient client) =>
        await client.GetFromJsonAsync<MemoryReading>("bench/memory") ?? throw new BenchmarkException("/bench/memory 无内容 / no body");

    private sealed record MemoryReading(long WorkingSetBytes, long ManagedHeapBytes, long GcHeapSizeBytes);
}
