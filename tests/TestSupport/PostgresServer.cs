using System.Diagnostics;

namespace TestSupport;

/// <summary>
/// A PostgreSQL server of one test's own, which the test may stop and start (an outage), made and run by
/// <c>scripts/test-postgres.sh</c> (named by <c>test.sh</c> in <see cref="ScriptVariable"/>), the same script that runs
/// the tests' shared server. Stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable with the path of <c>scripts/test-postgres.sh</c>.</summary>
    public const string ScriptVariable = "GRIDPULSE_TEST_POSTGRES_SCRIPT";

    private readonly string _script;
    private readonly string _directory;

    private PostgresServer(string script, string directory, string connectionString)
    {
        _script = script;
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>The server's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Initialises and starts a server on a free loopback port.</summary>
    /// <exception cref="InvalidOperationException">The script is not configured, or the server did not start.</exception>
    public static async Task<PostgresServer> CreateAsync()
    {
        var script = Environment.GetEnvironmentVariable(ScriptVariable) is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException(
                $"没有 PostgreSQL 脚本 / no PostgreSQL script: run ./test.sh, or set {ScriptVariable} to the path of scripts/test-postgres.sh.");
        var directory = Directory.CreateTempSubdirectory("gridpulse-postgres-").FullName;
        var connectionString = (await RunAsync(script, "create", directory)).Trim();
        return new PostgresServer(script, directory, connectionString);
    }

    /// <summary>Stops the server (fast shutdown: its connections are cut) and returns once it is down.</summary>
    public Task StopAsync() => RunAsync(_script, "stop", _directory);

    /// <summary>Starts the server again on its port and returns once it takes connections.</summary>
    public Task StartAsync() => RunAsync(_script, "start", _directory);

    public async ValueTask DisposeAsync() => await RunAsync(_script, "delete", _directory);

    private static async Task<string> RunAsync(string script, string command, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"test-postgres.sh {command} failed ({process.ExitCode}): {await error}");
    }
}
