using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmark;

/// <summary>
/// Spec 8, push latency: the push helper's node script (<c>Benchmark/push/push-latency.mjs</c>) subscribes N hub
/// clients and posts M reports a second, timing each report from its 202 to the first snapshot that includes it. A
/// sample of the clients runs the official client and gives the latency; the rest only count their pushes, so the
/// generator stays well under its CPU. A run whose generator process used more than
/// <see cref="GeneratorBusyLimitPercent"/> of a core or of the time, or that dropped connections, is invalid (issue 10).
/// The script authenticates with the run's admin token, which it reads from its environment.
/// </summary>
internal static class PushLatencyScenario
{
    /// <summary>
    /// The share of one core, or of the time its event loop is busy, in percent, above which a generator process reads
    /// its pushes late: on a full machine a process gets little CPU and still runs late.
    /// </summary>
    private const int GeneratorBusyLimitPercent = 70;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(Deployment deployment, BenchmarkSettings settings, List<Figure> figures)
    {
        var script = Path.Combine(settings.RepositoryRoot, "Benchmark", "push", "push-latency.mjs");
        if (!File.Exists(script))
        {
            throw new BenchmarkException($"推送场景的脚本不存在 / the push scenario's script is missing: {script}");
        }

        using var scratch = new ScratchDirectory();
        var interval = settings.PushIntervalMilliseconds.ToString(CultureInfo.InvariantCulture);
        await using var gridPulse = await deployment.StartAsync(settings, scratch, "--push-interval", interval);
        var organisation = gridPulse.Organisation;
        var targets = scratch.File("targets.json");
        await File.WriteAllTextAsync(targets, JsonSerializer.Serialize(organisation.Workers.Select(worker => new { worker.GridId, worker.WorkerId }), JsonOptions));

        var result = await RunScriptAsync(script, settings, gridPulse, organisation.RootId, targets);
        gridPulse.EnsureRunning();
        var valid = result.Invalid.Count == 0;
        var p50Target = settings.PushIntervalMilliseconds / 2.0 + 50;
        var p99Target = settings.PushIntervalMilliseconds + 100.0;
        var sampled = $"ms ({result.Sampled} sampled)";
        figures.Add(new Figure("推送延迟 p50 push latency", result.P50, sampled, $"<= {p50Target:0} ms", valid ? result.P50 <= p50Target : null));
        figures.Add(new Figure("推送延迟 p95 push latency", result.P95, sampled));
        figures.Add(new Figure("推送延迟 p99 push latency", result.P99, sampled, $"<= {p99Target:0} ms", valid ? result.P99 <= p99Target : null));
        figures.Add(new Figure("推送延迟 max push latency", result.Max, sampled));
        figures.Add(new Figure("全部连接 p50 every connection", result.AllP50, "ms"));
        figures.Add(new Figure("全部连接 p99 every connection", result.AllP99, "ms"));
        figures.Add(new Figure("已连接客户端 connected clients", result.Connected, $"/ {result.Clients.ToString("N0", CultureInfo.InvariantCulture)}"));
        figures.Add(new Figure("掉线 dropped connections", result.Dropped, ""));
        figures.Add(new Figure("已接受报告 accepted reports", result.Accepted, $"/ {result.Reports.ToString("N0", CultureInfo.InvariantCulture)}"));
        figures.Add(new Figure("推送的快照 snapshots pushed", result.Pushes, ""));
        figures.Add(new Figure("有延迟的测量 measured latencies", result.Measured, ""));
        if (result.SnapshotBytes is { } snapshotBytes)
        {
            figures.Add(new Figure($"快照消息 snapshot message ({result.Protocol})", snapshotBytes, "bytes, mean over the counting clients"));
        }

        if (result.ClientCpuPerSnapshot is { } clientCpu)
        {
            figures.Add(new Figure("客户端 CPU 每快照 client CPU per snapshot", clientCpu, "µs, all client processes"));
        }

        if (result.DecodePerSnapshot is { } decode)
        {
            figures.Add(new Figure("官方客户端解码 official client decoding", decode, "µs per snapshot"));
        }

        figures.Add(new Figure("无延迟的报告 reports without a latency", result.Missing, ""));
        foreach (var process in result.Generator)
        {
            figures.Add(new Figure(
                $"负载发生器 CPU generator: {process.Name}", Percent(process.Cpu), $"% of a core, busy {Percent(process.Busy)} %",
                $"<= {GeneratorBusyLimitPercent} %", !process.Saturated));
        }

        figures.Add(new Figure("负载发生器 CPU 合计 generator in all", Percent(result.Generator.Sum(process => process.Cpu)), "% of a core"));
        if (result.ServerCpu is { } serverCpu)
        {
            figures.Add(new Figure("服务器 CPU server", Percent(serverCpu), "% of a core"));
            foreach (var process in gridPulse.Servers.Count > 1 ? gridPulse.Servers : [])
            {
                var cpu = result.ServerProcesses.SingleOrDefault(measured => measured.Pid == process.Id)?.Cpu;
                figures.Add(new Figure($"CPU {process.Name}", Percent(cpu ?? 0), "% of a core"));
            }
        }

        figures.Add(new Figure("机器 CPU machine", Percent(result.MachineCpu), $"% of {result.Cores * 100} %"));
        if (result.OtherCpu is { } otherCpu)
        {
            // Work of other processes takes the cores from the server: the figures are then not the quiet machine's.
            var others = gridPulse.Stores.Count > 0 ? $" ({string.Join(", ", gridPulse.Stores.Select(store => store.Name))} and the rest)" : "";
            figures.Add(new Figure("其他进程 CPU other processes", Percent(otherCpu), $"% of a core{others}"));
        }
        if (result.Connected == 0 || result.Accepted == 0 || result.Measured == 0)
        {
            throw new BenchmarkException($"推送场景没有测到延迟 / the push scenario measured nothing: {result}");
        }

        if (!valid)
        {
            throw new InvalidMeasurementException(string.Join("; ", result.Invalid));
        }
    }

    private static async Task<PushResult> RunScriptAsync(string script, BenchmarkSettings settings, RunningGridPulse gridPulse, string unit, string targets)
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
            script, "--url", gridPulse.Web.Address.ToString().TrimEnd('/'), "--unit", unit,
            "--clients", Invariant(settings.Clients), "--rate", Invariant(settings.Rate), "--seconds", Invariant(settings.PushSeconds),
            "--processes", Invariant(settings.PushProcesses), "--sample", Invariant(settings.PushSample), "--targets", targets,
            "--interval", Invariant(settings.PushIntervalMilliseconds), "--busy-limit", Invariant(GeneratorBusyLimitPercent),
            "--protocol", settings.PushProtocol,
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var process in gridPulse.Servers)
        {
            start.ArgumentList.Add("--server-pid");
            start.ArgumentList.Add(Invariant(process.Id));
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

        // The script's progress says how long a snapshot took from its asOf to a client and what CPU each side used:
        // what tells a slow server from a starved load generator.
        Console.Error.Write(await error);
        return JsonSerializer.Deserialize<PushResult>(line, JsonOptions)!;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A share of one core as a percentage, to a tenth.</summary>
    private static double Percent(double share) => Math.Round(share * 100, 1);

    /// <summary>
    /// The push script's one line of output (the contract with <c>Benchmark/push</c>): the percentiles are over the
    /// sampled clients, <c>All*</c> over every client; CPU as a share of one core over the sending window (busy: the
    /// share of it a generator process's event loop was busy), the server's (all its processes together, each in
    /// <see cref="ServerProcesses"/>) and the other processes' null when the server's could not be read; <see cref="Invalid"/> says why the
    /// figures are not a result, empty when they are. The snapshot's message size (bytes) and the clients' CPU and
    /// decoding per snapshot (µs) compare the hub protocols (issue 14); null when nothing was counted.
    /// </summary>
    private sealed record PushResult(
        string Protocol, double? SnapshotBytes, double? ClientCpuPerSnapshot, double? DecodePerSnapshot,
        int Clients, int Sampled, int Connected, int Dropped, long Reports, long Accepted, long Rejected, long Measured, long Missing, long Pushes,
        double P50, double P95, double P99, double Max, double AllP50, double AllP99,
        IReadOnlyList<GeneratorProcess> Generator, double? ServerCpu, IReadOnlyList<ServerProcessCpu> ServerProcesses, double MachineCpu, double? OtherCpu, int Cores,
        IReadOnlyList<string> Invalid);

    /// <summary>One process of the server (<c>--server-pid</c>) and its share of one core; null when it could not be read.</summary>
    private sealed record ServerProcessCpu(int Pid, double? Cpu);

    /// <summary>One process of the load generator, its share of one core and of the time busy, and whether it was saturated.</summary>
    private sealed record GeneratorProcess(string Name, double Cpu, double Busy, bool Saturated);
}
