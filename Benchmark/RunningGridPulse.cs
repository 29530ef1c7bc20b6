namespace Benchmark;

/// <summary>
/// GridPulse as a <see cref="Deployment"/> started it: the web server the clients talk to, a cluster's silos, the
/// GridPulse processes (<see cref="Servers"/>, the web server first) and the stores' (<see cref="Stores"/>) for
/// measuring their CPU, and everything to stop, which disposing stops in reverse order of start.
/// </summary>
internal sealed record RunningGridPulse(
    ServerProcess Web,
    IReadOnlyList<ChildProcess> Silos,
    IReadOnlyList<MeasuredProcess> Servers,
    IReadOnlyList<MeasuredProcess> Stores,
    IReadOnlyList<IAsyncDisposable> Started)
    : IAsyncDisposable
{
    /// <summary>The organisation the web server serves; read once it is ready.</summary>
    public Organisation Organisation { get; init; } = null!;

    /// <summary>
    /// Fails when a process of GridPulse has exited: a cluster that lost a silo (Orleans declares a silo that stalls
    /// dead, and it stops itself) still answers through the other, but is no longer the deployment measured.
    /// </summary>
    public void EnsureRunning()
    {
        if (Web.HasExited)
        {
            throw new BenchmarkException($"服务器已退出 / the web server exited:\n{Web.Output()}");
        }

        if (Silos.FirstOrDefault(silo => silo.HasExited) is { } exited)
        {
            throw new BenchmarkException($"{exited.Name} 已退出 / {exited.Name} exited with code {exited.ExitCode}:\n{exited.Output()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var started in Started.Reverse())
        {
            await started.DisposeAsync();
        }
    }
}
