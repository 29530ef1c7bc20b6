namespace Benchmark;

/// <summary>The product's default: one process (<c>Dashboard.Web</c> co-hosting its silo) on an embedded SQLite file.</summary>
internal sealed class SingleProcessDeployment : Deployment
{
    public override string Name => "single-process";

    public override string Description => "单进程 single process, SQLite";

    protected override async Task<RunningGridPulse> StartProcessesAsync(BenchmarkSettings settings, ScratchDirectory scratch, string[] arguments)
    {
        var server = await ServerProcess.StartReadyAsync(settings, scratch.File("data"), ["--demo", .. arguments]);
        return new RunningGridPulse(server, [], [new MeasuredProcess("server", server.ProcessId)], [], [server]);
    }
}
