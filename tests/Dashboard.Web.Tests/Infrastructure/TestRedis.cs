using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian's <c>redis-server</c> package, which <c>test.sh</c> installs) on a free
/// loopback port, keeping nothing on disk: the membership table of one test's cluster. Killed on dispose.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    /// <summary>The environment variable naming another redis-server binary.</summary>
    public const string ServerVariable = "GRIDPULSE_REDIS_SERVER";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Process _process;

    private TestRedis(Process process, int port)
    {
        _process = process;
        Configuration = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The StackExchange.Redis configuration of the server (<c>--redis</c>).</summary>
    public string Configuration { get; }

    /// <summary>Starts a server and returns once it takes connections.</summary>
    public static async Task<TestRedis> StartAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } path ? path : "/usr/bin/redis-server";
        if (!File.Exists(server))
        {
            throw new InvalidOperationException(
                $"没有 redis-server / no redis-server at {server}: run ./test.sh, which installs Debian's redis-server, or set {ServerVariable}.");
        }

        var port = AppProcess.FreePort();
        var start = new ProcessStartInfo(server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var redis = new TestRedis(Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start"), port);
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis._process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.Add(line.Data ?? "");
            }

            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        redis._process.BeginOutputReadLine();
        redis._process.BeginErrorReadLine();
        var first = await Task.WhenAny(ready.Task, redis._process.WaitForExitAsync()).WaitAsync(Patience);
        if (first != ready.Task)
        {
            lock (output)
            {
                throw new InvalidOperationException("redis-server exited before it was ready:\n" + string.Join('\n', output));
            }
        }

        return redis;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
