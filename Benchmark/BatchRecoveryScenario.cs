namespace Benchmark;

/// <summary>
/// Spec 8, batch ingestion and recovery: pre-serialized batches over a few concurrent senders, then a graceful stop
/// and the time from a new process's start to metrics that count everything that was sent.
/// </summary>
internal static class BatchRecoveryScenario
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(BenchmarkSettings settings, List<Figure> figures)
    {
        using var scratch = new ScratchDirectory();
        var data = scratch.File("data");
        await using (var server = await ServerProcess.StartReadyAsync(settings, data, "--demo"))
        {
            var organisation = await Organisation.FetchAsync(server.Client);
            var batches = ReportBatches.Mixed(organisation.Workers, settings.RecoveryReports, $"b{Guid.NewGuid().ToString("N")[..8]}", DateTimeOffset.UtcNow);
            Console.WriteLine($"{batches.Count} reports in {batches.Batches.Count} batches, {settings.BatchConnections} senders");
            // The first tenth warms the server up, so the JIT has tiered up before the clock runs; all are recovered.
            var warmUp = batches.Batches.Count / 10;
            await BatchSender.SendAsync(server.Address, settings.AdminToken, [.. batches.Batches.Take(warmUp)], settings.BatchConnections);
            var timed = batches.Batches.Skip(warmUp).ToList();
            var measured = new MeasuredProcess("GridPulse", server.ProcessId);
            var cpu = ProcessCpu.Start([measured]);
            var elapsed = await BatchSender.SendAsync(server.Address, settings.AdminToken, timed, settings.BatchConnections);
            var used = cpu.Read();
            var reports = timed.Sum(batch => batch.Reports);
            var rate = reports / elapsed.TotalSeconds;
            var serverSeconds = used.Processes.Single().Seconds;
            figures.Add(new Figure("批量上报 POST /api/reports/batch", rate, "reports/s", ">= 200,000", rate >= 200_000));
            // Steadier than the rate on a shared machine, and what a change to the write path moves: the server's CPU
            // time per report while the batches went in (the report projection's share included as far as it kept up).
            figures.Add(new Figure("服务器 CPU server", used.PercentOfCore(serverSeconds), "% of a core, while sending"));
            figures.Add(new Figure("每条上报的 CPU CPU per report", Math.Round(serverSeconds * 1e6 / reports, 1), "µs, the server"));
            figures.Add(new Figure("机器 CPU machine", used.PercentOfCore(used.MachineSeconds), $"% of {Environment.ProcessorCount * 100} %, with the senders"));
            await server.StopAsync();
            await MeasureRecoveryAsync(settings, data, organisation, batches, figures);
        }
    }

    private static async Task MeasureRecoveryAsync(BenchmarkSettings settings, string data, Organisation organisation, ReportBatches batches, List<Figure> figures)
    {
        var street = organisation.Workers[0].StreetId;
        var expectedStreet = batches.ExpectedFor(street);
        await using var server = ServerProcess.Start(settings, data, "--demo");
        Totals? stored = null;
        await server.PollAsync(
            async client => (stored = await Totals.ReadAsync(client, organisation.RootId)) == batches.Expected
                && await Totals.ReadAsync(client, street) == expectedStreet,
            RecoveryTimeout,
            $"重启后的指标 metrics after the restart: {batches.Expected}; {street}: {expectedStreet} (last seen {stored})");
        var recovery = System.Diagnostics.Stopwatch.GetElapsedTime(server.StartedAt).TotalSeconds;
        figures.Add(new Figure("重启到指标正确 restart to correct metrics", Math.Round(recovery, 2), "s", "<= 5 s", recovery <= 5));
        figures.Add(new Figure("已存储的报告 stored reports", stored!.Value.Reports, ""));
    }
}
