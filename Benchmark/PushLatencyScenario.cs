using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmark;

/// <summary>
/// Spec 8, push latency: the push helper's node script (<c>Benchmark/push/push-latency.mjs</c>) subscribes N hub
/// clients and posts M reports a second, timing each report from its 202 to the first snapshot that includes it. The
/// script authenticates with the run's admin token, which it reads from its environment.
/// </summary>
internal static class PushLatencyScenario
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(BenchmarkSettings settings, List<Figure> figures)
    {
        var script = Path.Combine(settings.RepositoryRoot, "Benchmark", "push", "push-latency.mjs");
        if (!File.Exists(script))
        {
            throw new BenchmarkException($"推送场景的脚本不存在 / the push scenario's script is missing: {script}");
        }

        using var scratch = new ScratchDirectory();
        var interval = settings.PushIntervalMilliseconds.ToString(CultureInfo.InvariantCulture);
        await using var server = await ServerProcess.StartReadyAsync(settings, scratch.File("data"), "--demo", "--push-interval", interval);
        var organisation = await Organisation.FetchAsync(server.Client);
        var targets = scratch.File("targets.json");
        await File.WriteAllTextAsync(targets, JsonSerializer.Serialize(organisation.Workers.Select(worker => new { worker.GridId, worker.WorkerId }), JsonOptions));

        var result = await RunScriptAsync(script, settings, server.Address, organisation.RootId, targets);
        var p50Target = settings.PushIntervalMilliseconds / 2.0 + 50;
        var p99Target = settings.PushIntervalMilliseconds + 100.0;
        figures.Add(new Figure("推送延迟 p50 push latency", result.P50, "ms", $"<= {p50Target:0} ms", result.P50 <= p50Target));
        figures.Add(new Figure("推送延迟 p95 push latency", result.P95, "ms"));
        figures.Add(new Figure("推送延迟 p99 push latency", result.P99, "ms", $"<= {p99Target:0} ms", result.P99 <= p99Target));
        figures.Add(new Figure("推送延迟 max push latency", result.Max, "ms"));
        figures.Add(new Figure("已连接客户端 connected clients", result.Connected, $"/ {result.Clients.ToString("N0", CultureInfo.InvariantCulture)}"));
        figures.Add(new Figure("掉线 dropped connections", result.Dropped, ""));
        figures.Add(new Figure("已接受报告 accepted reports", result.Accepted, $"/ {result.Reports.ToString("N0", CultureInfo.InvariantCulture)}"));
        figures.Add(new Figure("推送的快照 snapshots pushed", result.Pushes, ""));
        figures.Add(new Figure("有延迟的测量 measured latencies", result.Measured, ""));
        figures.Add(new Figure("无延迟的报告 reports without a latency", result.Missing, ""));
        if (result.Connected == 0 || result.Accepted == 0 || result.Measured == 0)
        {
            throw new BenchmarkException($"推送场景没有测到延迟 / the push scenario measured nothing: {result}");
        }
    }

    private static async Task<PushResult> RunScriptAsync(string script, BenchmarkSettings settings, Uri address, string unit, string targets)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = settings.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[ServerProcess.AdminTokenVariable] = settings.AdminToken;
        foreach (var argument in new[]
        {
            script, "--url", address.ToString().TrimEnd('/'), "--unit", unit,
            "--clients", Invariant(settings.Clients), "--rate", Invariant(settings.Rate), "--seconds", Invariant(settings.PushSeconds),
            "--processes", Invariant(settings.PushProcesses), "--targets", targets, "--interval", Invariant(settings.PushIntervalMilliseconds),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new BenchmarkException("node 未能启动 / node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(settings.PushSeconds + 180));
        }
        catch (TimeoutException)
        {
            node.Kill(entireProcessTree: true);
            throw new BenchmarkException("推送脚本超时 / the push script did not finish in time");
        }

        var line = (await output).Split('\n').LastOrDefault(line => line.StartsWith('{'));
        if (node.ExitCode != 0 || line is null)
        {
            throw new BenchmarkException($"推送脚本失败 / the push script failed ({node.ExitCode}): {await error}");
        }

        // The script's progress says how busy its client processes were and how long a snapshot took from its asOf
        // to a client: what tells a slow server from a starved load generator.
        Console.Error.Write(await error);
        return JsonSerializer.Deserialize<PushResult>(line, JsonOptions)!;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The push script's one line of output (the contract with <c>Benchmark/push</c>).</summary>
    private sealed record PushResult(
        int Clients, int Connected, int Dropped, long Reports, long Accepted, long Rejected, long Measured, long Missing, long Pushes,
        double P50, double P95, double P99, double Max);
}
