using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using TestSupport;

namespace Benchmark;

/// <summary>
/// The built GridPulse server (<c>dotnet Dashboard.Web.dll</c>) as a child process on a free loopback port, with the
/// simulator off, the benchmark endpoints on and the run's admin token, which <see cref="Client"/> carries, as any
/// client of the API authenticates. Disposing kills it if it still runs.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The environment variable that gives the server its admin token, and the push script the token to send.</summary>
    public const string AdminTokenVariable = "GRIDPULSE_ADMIN_TOKEN";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private readonly ChildProcess _process;

    private ServerProcess(ChildProcess process, Uri address, string adminToken, long startedAt)
    {
        _process = process;
        Address = address;
        StartedAt = startedAt;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    /// <summary>Where the server listens, such as <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>A client for the server's address, with the admin token.</summary>
    public HttpClient Client { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process started.</summary>
    public long StartedAt { get; }

    /// <summary>The server's process id, for measuring its CPU.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server of <paramref name="settings"/> on <paramref name="dataDirectory"/>; it may not be ready yet.</summary>
    public static ServerProcess Start(BenchmarkSettings settings, string dataDirectory, params string[] arguments) =>
        Start(settings, dataDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(BenchmarkSettings, string, string[])"/>, with more environment variables for the server.</summary>
    public static ServerProcess Start(BenchmarkSettings settings, string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var serverDll = settings.Server;
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] all =
        [
            "exec", serverDll, "--urls", address.ToString().TrimEnd('/'), "--data", dataDirectory,
            "--simulate", "0", "--Simulator:HistoryDays=0", "--Benchmark:Endpoints=true",
            "--silo-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture), "--gateway-port", "0", .. arguments,
        ];
        foreach (var argument in all)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment[AdminTokenVariable] = settings.AdminToken;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var startedAt = Stopwatch.GetTimestamp();
        return new ServerProcess(ChildProcess.Start(start, "server"), address, settings.AdminToken, startedAt);
    }

    /// <summary>Starts the server and returns once <c>/readyz</c> answers 200 (after the start-up replay).</summary>
    public static Task<ServerProcess> StartReadyAsync(BenchmarkSettings settings, string dataDirectory, params string[] arguments) =>
        StartReadyAsync(settings, dataDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="StartReadyAsync(BenchmarkSettings, string, string[])"/>, with more environment variables for the server.</summary>
    public static async Task<ServerProcess> StartReadyAsync(
        BenchmarkSettings settings, string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var server = Start(settings, dataDirectory, environment, arguments);
        try
        {
            await server.PollAsync(async client =>
            {
                using var response = await client.GetAsync(new Uri("readyz", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }, ReadyTimeout, "服务器就绪 the server ready (/readyz)");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Calls <paramref name="done"/> about every 20 ms until it holds; a refused connection counts as not yet.
    /// Fails, saying <paramref name="what"/> was awaited, when the process exits or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task PollAsync(Func<HttpClient, Task<bool>> done, TimeSpan timeout, string what)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        do
        {
            if (_process.HasExited)
            {
                throw new BenchmarkException($"服务器已退出 / the server exited with code {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                if (await done(Client))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchmarkException($"{timeout.TotalSeconds:0} 秒内未等到 / not within {timeout.TotalSeconds:0} s: {what}\n{Output()}");
            }
        }
        while (await poll.WaitForNextTickAsync());
    }

    /// <summary>Stops the server as an operator would (SIGTERM) and waits for it to exit.</summary>
    public Task StopAsync() => _process.StopAsync(StopTimeout);

    /// <summary>The last lines the server printed, for error messages.</summary>
    public string Output() => _process.Output();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }
}
