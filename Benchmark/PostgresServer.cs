using System.Diagnostics;
using System.Globalization;

namespace Benchmark;

/// <summary>
/// A throwaway PostgreSQL 15 server on a free loopback port, made by the tests' <c>scripts/test-postgres.sh</c> in a
/// temporary directory of its own (the postgres user must reach it when the benchmark runs as root); stopped and
/// deleted on dispose.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    private readonly string _script;
    private readonly string _directory;
    private readonly IDisposable _registration;

    private PostgresServer(string script, string directory, string connectionString, int postmaster)
    {
        _script = script;
        _directory = directory;
        ConnectionString = connectionString;
        Server = new MeasuredProcess("PostgreSQL", postmaster, WithChildren: true);
        _registration = ChildProcesses.Register(() => Run(_script, "delete", _directory).WaitForExit(ScriptTimeout));
    }

    /// <summary>The connection string the script printed.</summary>
    public string ConnectionString { get; }

    /// <summary>The postmaster, with its connections' processes.</summary>
    public MeasuredProcess Server { get; }

    /// <summary>
    /// Makes and starts a server with <paramref name="script"/>. The script's port, chosen at random among those nobody
    /// listens on, may still be taken by a client's socket by the time the server binds it (the range overlaps the
    /// system's ephemeral ports, and the scenarios before open thousands of connections): then a new server tries again.
    /// </summary>
    public static async Task<PostgresServer> CreateAsync(string script)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("bench-postgres-").FullName;
            try
            {
                var connectionString = (await RunAsync(script, "create", directory)).Trim();
                var postmaster = int.Parse(File.ReadLines(Path.Combine(directory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
                return new PostgresServer(script, directory, connectionString, postmaster);
            }
            catch (Exception e) when (e is BenchmarkException or IOException or FormatException or TimeoutException)
            {
                var log = Path.Combine(directory, "server.log");
                var why = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(5)) : "";
                await RunAsync(script, "delete", directory);
                if (attempt == Attempts)
                {
                    throw new BenchmarkException($"{e.Message}\n{why}");
                }

                Console.Error.WriteLine($"PostgreSQL 未启动，重试 / PostgreSQL did not start (attempt {attempt} of {Attempts}): {why}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(_script, "delete", _directory);
        _registration.Dispose();
    }

    private static async Task<string> RunAsync(string script, string command, string directory)
    {
        using var process = Run(script, command, directory);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ScriptTimeout);
        return process.ExitCode == 0
            ? await output
            : throw new BenchmarkException($"test-postgres.sh {command} 失败 / failed ({process.ExitCode}): {await error}");
    }

    private static Process Run(string script, string command, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, command, directory })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new BenchmarkException("bash 未能启动 / bash did not start");
    }
}
