using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>The built Silo.dll as a child process (<c>dotnet exec Silo.dll</c>), started and waited for until it runs.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, int gatewayPort, Uri healthAddress)
    {
        _process = process;
        GatewayPort = gatewayPort;
        Health = new HttpClient { BaseAddress = healthAddress, Timeout = Patience };
    }

    /// <summary>The port Orleans clients connect to.</summary>
    public int GatewayPort { get; }

    /// <summary>A client of the silo's health endpoints (<c>/healthz</c>, <c>/readyz</c>).</summary>
    public HttpClient Health { get; }

    /// <summary>The process, for signals and its exit.</summary>
    public Process Process => _process;

    /// <summary>What the silo printed so far, line by line (standard output and error).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>
    /// Starts a silo on free ports with <paramref name="arguments"/> and returns once it says it runs (its gateway
    /// takes clients).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(params string[] arguments)
    {
        var silo = Start(arguments);
        var first = await Task.WhenAny(silo._running.Task, silo._process.WaitForExitAsync()).WaitAsync(Patience);
        Assert.True(first == silo._running.Task, "the silo exited before running:\n" + string.Join('\n', silo._output));
        return silo;
    }

    /// <summary>Starts a silo on free ports with <paramref name="arguments"/> without waiting for it.</summary>
    public static SiloProcess Start(params string[] arguments)
    {
        var gatewayPort = AppProcess.FreePort();
        var healthAddress = AppProcess.FreeAddress();
        var start = AppProcess.DotnetExec(
            "Silo.dll",
            [
                "--silo-port", AppProcess.FreePort().ToString(CultureInfo.InvariantCulture),
                "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
                "--urls", healthAddress.ToString().TrimEnd('/'),
                .. arguments,
            ]);
        var silo = new SiloProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), gatewayPort, healthAddress);
        silo._process.OutputDataReceived += (_, line) => silo.Observe(line.Data);
        silo._process.ErrorDataReceived += (_, line) => silo.Observe(line.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the silo to exit by itself; returns its exit code.</summary>
    public async Task<int> ExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs, and the cluster hears nothing of it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Health.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.Contains("The GridPulse silo is running", StringComparison.Ordinal))
        {
            _running.TrySetResult();
        }
    }
}
