namespace Benchmark;

/// <summary>
/// Spec 8, single-report ingestion: wrk against the empty endpoint, then against <c>POST /api/reports</c>, with the
/// same script and settings in the same web server; the ratio of their request rates, and the CPU each process of the
/// deployment used while the reports went in.
/// </summary>
internal static class IngestionScenario
{
    public static async Task RunAsync(Deployment deployment, BenchmarkSettings settings, List<Figure> figures)
    {
        using var scratch = new ScratchDirectory();
        await using var gridPulse = await deployment.StartAsync(settings, scratch);
        var server = gridPulse.Web;
        var organisation = gridPulse.Organisation;
        var script = scratch.File("reports.lua");
        Wrk.WriteScript(script, organisation.Workers, settings.AdminToken);
        var run = Guid.NewGuid().ToString("N")[..8];

        // A short round on each endpoint first, so that neither is measured while the JIT is still tiering up.
        var warmUp = Math.Max(1, settings.DurationSeconds / 4);
        await Wrk.RunAsync(script, new Uri(server.Address, "bench/empty"), $"we{run}", warmUp, settings);
        var warmUpReports = await Wrk.RunAsync(script, new Uri(server.Address, "api/reports"), $"wr{run}", warmUp, settings);
        var empty = await Wrk.RunAsync(script, new Uri(server.Address, "bench/empty"), $"e{run}", settings.DurationSeconds, settings);
        var cpu = ProcessCpu.Start([.. gridPulse.Servers, .. gridPulse.Stores]);
        var reports = await Wrk.RunAsync(script, new Uri(server.Address, "api/reports"), $"r{run}", settings.DurationSeconds, settings);
        var used = cpu.Read();
        var ratio = reports.RequestsPerSecond / empty.RequestsPerSecond;
        figures.Add(new Figure("空端点 empty endpoint", empty.RequestsPerSecond, "req/s"));
        figures.Add(new Figure("单条上报 POST /api/reports", reports.RequestsPerSecond, "req/s"));
        figures.Add(new Figure("比值 ratio", Math.Round(ratio, 3), "", ">= 0.5", ratio >= 0.5));
        figures.Add(new Figure("上报延迟 p50 latency", reports.P50 / 1000.0, "ms"));
        figures.Add(new Figure("上报延迟 p99 latency", reports.P99 / 1000.0, "ms"));
        figures.Add(new Figure("非 2xx 应答 non-2xx", empty.Non2xx + reports.Non2xx, ""));
        figures.Add(new Figure("套接字错误 socket errors", empty.SocketErrors + reports.SocketErrors, ""));
        AddCpu(gridPulse, used, reports.Requests, figures);
        if (empty.Non2xx + reports.Non2xx + warmUpReports.Non2xx > 0)
        {
            throw new BenchmarkException($"有 {empty.Non2xx + reports.Non2xx} 个非 2xx 应答 / non-2xx answers: empty {empty.Non2xx}, reports {reports.Non2xx}");
        }

        await CheckCountedAsync(server, organisation.RootId, warmUpReports.Accepted + reports.Accepted, settings, figures);
        gridPulse.EnsureRunning();
    }

    // Where the CPU went while the reports went in: GridPulse's processes, the stores' in a cluster (PostgreSQL with its
    // connections' processes, Redis), and all of them per report; wrk takes most of the rest of the machine.
    private static void AddCpu(RunningGridPulse gridPulse, CpuUse used, long requests, List<Figure> figures)
    {
        var servers = used.Processes.Where(process => gridPulse.Servers.Contains(process.Process)).Sum(process => process.Seconds);
        figures.Add(new Figure("服务器 CPU server", used.PercentOfCore(servers), "% of a core, while reporting"));
        foreach (var (process, seconds) in gridPulse.Servers.Count > 1 || gridPulse.Stores.Count > 0 ? used.Processes : [])
        {
            figures.Add(new Figure($"CPU {process.Name}", used.PercentOfCore(seconds), "% of a core"));
        }

        var all = used.Processes.Sum(process => process.Seconds);
        figures.Add(new Figure("每条上报的 CPU CPU per report", Math.Round(all * 1e6 / Math.Max(1, requests)), "µs, the processes above"));
        figures.Add(new Figure("机器 CPU machine", used.PercentOfCore(used.MachineSeconds), $"% of {Environment.ProcessorCount * 100} %, with wrk"));
    }

    // Accepted must be counted. Requests still in flight when wrk stops may be stored without wrk seeing their 202,
    // so the count may exceed wrk's 202s by at most the number of connections, in each of the two runs.
    private static async Task CheckCountedAsync(ServerProcess server, string rootId, long accepted, BenchmarkSettings settings, List<Figure> figures)
    {
        Totals? counted = null;
        await server.PollAsync(async client => (counted = await Totals.ReadAsync(client, rootId))?.Visits >= accepted, TimeSpan.FromSeconds(60),
            $"区级累计走访达到 wrk 收到的 {accepted} 个 202 / counted visits reaching the {accepted} accepted");
        var visits = counted!.Value.Visits;
        figures.Add(new Figure("wrk 收到的 202 accepted (202)", accepted, ""));
        figures.Add(new Figure("区级累计走访 counted visits", visits, ""));
        if (visits > accepted + (2 * settings.Connections))
        {
            throw new BenchmarkException($"计数 {visits} 多于接受的 {accepted} / counted {visits} visits for {accepted} accepted");
        }
    }
}
