using System.Collections.Concurrent;
using System.Diagnostics;

namespace Benchmark;

/// <summary>
/// A process the benchmark started, its output kept (the last lines, for error messages) and watched for a line that
/// says it is ready. Disposing kills it and its children if it still runs; so does <see cref="ChildProcesses"/> when
/// the benchmark itself is stopped by a signal.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int OutputLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string? _readyLine;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _registration;

    private ChildProcess(Process process, string name, string? readyLine)
    {
        _process = process;
        _readyLine = readyLine;
        Name = name;
        _registration = ChildProcesses.Register(() => Kill());
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the process is, for messages: "silo 1", "redis-server".</summary>
    public string Name { get; }

    /// <summary>The process id, for measuring its CPU.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="start"/> (its output must be redirected); <paramref name="readyLine"/>, when given, is what it prints once ready.</summary>
    public static ChildProcess Start(ProcessStartInfo start, string name, string? readyLine = null) =>
        new(Process.Start(start) ?? throw new BenchmarkException($"{name} 未能启动 / {name} did not start"), name, readyLine);

    /// <summary>Waits for the ready line; fails with the output when the process exits first or <paramref name="timeout"/> passes.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var first = await Task.WhenAny(_ready.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (first != _ready.Task)
        {
            var why = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"not ready within {timeout.TotalSeconds:0} s";
            throw new BenchmarkException($"{Name} 未就绪 / {Name} {why}:\n{Output()}");
        }
    }

    /// <summary>Sends SIGTERM, as an operator stops a process, and waits up to <paramref name="timeout"/> for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new BenchmarkException($"{Name} 在 {timeout.TotalSeconds:0} 秒内未停止 / {Name} did not stop within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Waits for the process to exit; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>The last lines the process printed.</summary>
    public string Output() => string.Join('\n', _output);

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _registration.Dispose();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLines && _output.TryDequeue(out _))
        {
        }

        if (_readyLine is not null && line.Contains(_readyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
