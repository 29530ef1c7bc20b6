using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmark;

/// <summary>
/// Issue 12, section 3: the district's monthly bulletin and evaluation over a year of demo history (the demo's own
/// history writer, <c>Simulator:HistoryDays</c>, through the ingestion path: about 2 million reports and 90,000 cases
/// with their actions), answered from the projection; and the projection's catch-up rate, rebuilt from the whole log
/// after its file is removed.
/// </summary>
internal static class ReportsScenario
{
    private const int Runs = 10;
    private static readonly TimeSpan HistoryTimeout = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(BenchmarkSettings settings, List<Figure> figures)
    {
        using var scratch = new ScratchDirectory();
        var data = scratch.File("data");
        // The demo's history and live simulator, which the benchmark's servers have off, and the line that says the history is written.
        string[] demo =
        [
            "--demo", "--simulate", "20", $"--Simulator:HistoryDays={settings.HistoryDays.ToString(CultureInfo.InvariantCulture)}",
            "--Logging:LogLevel:Dashboard.Web.Simulation=Information",
        ];
        string root;
        long reports;
        await using (var server = await ServerProcess.StartReadyAsync(settings, data, demo))
        {
            root = (await Organisation.FetchAsync(server.Client)).RootId;
            var written = Stopwatch.GetTimestamp();
            await server.PollAsync(_ => Task.FromResult(server.Output().Contains("Simulator history written", StringComparison.Ordinal)), HistoryTimeout, "演示历史写完 the demo history written");
            var historySeconds = Stopwatch.GetElapsedTime(written).TotalSeconds;
            var caughtUpBy = DateTimeOffset.UtcNow;
            await server.PollAsync(async client => await AsOfAsync(client, root) >= caughtUpBy, HistoryTimeout, "统计投影追上日志 the projection caught up");
            reports = (await Totals.ReadAsync(server.Client, root))!.Value.Reports;
            Console.WriteLine($"{reports} reports of {settings.HistoryDays} days written in {historySeconds:0.0} s; the projection followed");
            figures.Add(new Figure("历史报告 history reports", reports, ""));

            var lastMonth = DateTimeOffset.UtcNow.AddHours(8).AddMonths(-1);
            await MeasureAsync(server.Client, "月总结 monthly bulletin", $"api/units/{root}/report?period=month&date={lastMonth:yyyy-MM-dd}", figures);
            await MeasureAsync(server.Client, "月度考评 evaluation", $"api/units/{root}/evaluation?month={lastMonth:yyyy-MM}", figures);
            await MeasureAsync(server.Client, "月总结 xlsx", $"api/units/{root}/report?period=month&date={lastMonth:yyyy-MM-dd}&format=xlsx", figures);
            await server.StopAsync();
        }

        foreach (var file in Directory.GetFiles(data, "reports.db*"))
        {
            File.Delete(file);
        }

        await using var rebuilt = ServerProcess.Start(settings, data, demo);
        await rebuilt.PollAsync(async client => await AsOfAsync(client, root) is not null, HistoryTimeout, "统计投影重建完成 the projection rebuilt");
        var seconds = Stopwatch.GetElapsedTime(rebuilt.StartedAt).TotalSeconds;
        figures.Add(new Figure("投影重建（从进程启动）projection rebuilt from the log (from process start)", Math.Round(seconds, 1), "s"));
        figures.Add(new Figure("投影追赶速度 projection catch-up", Math.Round(reports / seconds), "reports/s"));
    }

    /// <summary>A warm-up call, then <see cref="Runs"/> timed ones: the median and the slowest.</summary>
    private static async Task MeasureAsync(HttpClient client, string name, string path, List<Figure> figures)
    {
        var times = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchmarkException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }

            if (run > 0)
            {
                times.Add(elapsed);
            }
        }

        times.Sort();
        var median = times[times.Count / 2];
        figures.Add(new Figure($"{name} 中位 median", Math.Round(median, 1), "ms", "< 1000 ms", median < 1000));
        figures.Add(new Figure($"{name} 最慢 max", Math.Round(times[^1], 1), "ms", "< 1000 ms", times[^1] < 1000));
    }

    /// <summary>Up to when the projection is complete, from the district's evaluation; null before its first pass.</summary>
    private static async Task<DateTimeOffset?> AsOfAsync(HttpClient client, string root)
    {
        using var response = await client.GetAsync(new Uri($"api/units/{root}/evaluation", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var evaluation = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return evaluation.RootElement.GetProperty("asOf") is { ValueKind: JsonValueKind.String } asOf ? asOf.GetDateTimeOffset() : null;
    }
}
