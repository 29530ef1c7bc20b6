using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmark;

/// <summary>
/// Weeks on a wall (issue 13, section 6), for longer than test.sh can wait: runs the soak test itself
/// (<c>WallSoakTests</c> of tests/Dashboard.Web.Tests, built by bench.sh: a wall of the demo district in chromium under
/// the simulator at 50 reports a second, its heap and DOM sampled after forced collections) for
/// <see cref="BenchmarkSettings.SoakMinutes"/>, so that one sampling and one rule serve both, and reads the series the
/// test writes. The test runs its own server from its build; <c>--server</c> does not apply.
/// </summary>
internal static class WallSoakScenario
{
    private const string TestProject = "tests/Dashboard.Web.Tests";

    public static async Task RunAsync(BenchmarkSettings settings, List<Figure> figures)
    {
        using var scratch = new ScratchDirectory();
        var seriesFile = scratch.File("soak.json");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = settings.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", TestProject, "-c", "Release", "--no-build", "--filter", "FullyQualifiedName~WallSoakTests" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GRIDPULSE_SOAK_MINUTES"] = settings.SoakMinutes.ToString(CultureInfo.InvariantCulture);
        start.Environment["GRIDPULSE_SOAK_OUT"] = seriesFile;
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        Console.WriteLine($"dotnet test {TestProject} --filter WallSoakTests, {settings.SoakMinutes} min");
        await using var test = ChildProcess.Start(start, "soak test");
        try
        {
            await test.WaitForExitAsync(TimeSpan.FromMinutes(settings.SoakMinutes + 10));
        }
        catch (TimeoutException)
        {
            throw new BenchmarkException($"浸泡测试未结束 / the soak test did not end:\n{test.Output()}");
        }

        if (!File.Exists(seriesFile))
        {
            throw new BenchmarkException($"浸泡测试没有写出序列 / the soak test wrote no series (exit code {test.ExitCode}):\n{test.Output()}");
        }

        using var series = JsonDocument.Parse(await File.ReadAllTextAsync(seriesFile));
        var root = series.RootElement;
        Console.WriteLine("  秒 s | JS 堆 heap MB | DOM 节点 nodes | 监听器 listeners | 今日走访 visits | 推送 pushes");
        foreach (var sample in root.GetProperty("samples").EnumerateArray())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {sample.GetProperty("seconds").GetDouble(),7:0.0} | {Megabytes(sample.GetProperty("heapBytes")),6:0.000} | {sample.GetProperty("nodes").GetInt64(),5} | {sample.GetProperty("listeners").GetInt64(),3} | {sample.GetProperty("visits").GetInt64(),7} | {sample.GetProperty("pushes").GetInt64(),6}"));
        }

        figures.Add(new Figure("时长 minutes", root.GetProperty("minutes").GetDouble(), "min"));
        figures.Add(new Figure("预热 warm-up", root.GetProperty("warmUpSeconds").GetDouble(), "s"));
        foreach (var (level, name) in new[] { ("start", "开始 start"), ("afterWarmUp", "预热后 after warm-up"), ("end", "结束 end"), ("highest", "预热后最高 max after warm-up") })
        {
            var at = root.GetProperty(level);
            figures.Add(new Figure($"JS 堆 heap, {name}", Math.Round(Megabytes(at.GetProperty("heapBytes")), 3), "MB"));
            figures.Add(new Figure($"DOM 节点 nodes, {name}", at.GetProperty("nodes").GetInt64(), ""));
        }

        var heapGrowth = root.GetProperty("heapGrowthBytes").GetInt64();
        var heapBound = root.GetProperty("heapBoundBytes").GetInt64();
        var nodeGrowth = root.GetProperty("nodeGrowth").GetInt64();
        var nodeBound = root.GetProperty("nodeBound").GetInt64();
        figures.Add(new Figure("预热后 JS 堆增长 heap growth after warm-up", Math.Round(heapGrowth / 1024.0), "KB", $"≤ {heapBound / 1024} KB", heapGrowth <= heapBound));
        figures.Add(new Figure("预热后 DOM 节点增长 DOM growth after warm-up", nodeGrowth, "nodes", $"≤ {nodeBound}", nodeGrowth <= nodeBound));
        figures.Add(new Figure("预热后收到的推送 snapshots received after warm-up", root.GetProperty("pushesAfterWarmUp").GetInt64(), ""));
        Console.WriteLine(test.ExitCode == 0 ? "浸泡测试通过 the soak test passed" : $"浸泡测试未通过 the soak test failed:\n{test.Output()}");
    }

    private static double Megabytes(JsonElement bytes) => bytes.GetInt64() / 1048576.0;
}
