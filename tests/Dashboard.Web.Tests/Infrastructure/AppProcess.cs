using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Dashboard.Web.Accounts;
using TestSupport;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// The real built Dashboard.Web, run as a child process (<c>dotnet exec Dashboard.Web.dll</c>) with a random
/// <c>GRIDPULSE_ADMIN_TOKEN</c> (<see cref="AdminToken"/>), which <see cref="Client"/> carries.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _address;

    private AppProcess(Process process, Uri address, string adminToken)
    {
        _process = process;
        _address = address.ToString().TrimEnd('/');
        Address = address;
        AdminToken = adminToken;
        Client = new HttpClient { BaseAddress = address, Timeout = Timeout };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    /// <summary>A client of the app that carries the admin token.</summary>
    public HttpClient Client { get; }

    /// <summary>The admin token the app was started with.</summary>
    public string AdminToken { get; }

    /// <summary>What the app printed so far, line by line (standard output and error).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Where the app listens, such as <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>An address on a loopback port that is free now, for starting (and restarting) the app on it.</summary>
    public static Uri FreeAddress() => new($"http://127.0.0.1:{FreePort()}/");

    /// <summary>Starts the app on a free loopback port and returns once it listens (after the start-up replay).</summary>
    public static Task<AppProcess> StartAsync(params string[] arguments) => StartAsync(FreeAddress(), arguments);

    /// <summary>Starts the app on <paramref name="address"/> and returns once it listens (after the start-up replay).</summary>
    public static async Task<AppProcess> StartAsync(Uri address, params string[] arguments)
    {
        var adminToken = "test-admin-" + Guid.NewGuid().ToString("N");
        var start = StartInfo(["--urls", address.ToString().TrimEnd('/'), .. arguments]);
        start.Environment[AccountOptions.AdminTokenVariable] = adminToken;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, address, adminToken);
        await app.WaitUntilListeningAsync();
        return app;
    }

    /// <summary>Runs the app to its exit (it is expected to refuse to start) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0", .. arguments]))
            ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>How to run a built program of this solution from the tests' directory, its output redirected: <c>dotnet exec DLL ARGUMENTS</c>.</summary>
    public static ProcessStartInfo DotnetExec(string dll, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        // Each app co-hosts a silo: a port of its own (arguments given later win), and no gateway.
        var start = DotnetExec("Dashboard.Web.dll", ["--silo-port", FreePort().ToString(CultureInfo.InvariantCulture), "--gateway-port", "0", .. arguments]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    private async Task WaitUntilListeningAsync()
    {
        // The app prints its address once Kestrel listens, which is after the start-up replay, and after the ways in.
        _process.OutputDataReceived += (_, line) => Observe(line.Data);
        _process.ErrorDataReceived += (_, line) => Observe(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var first = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync()).WaitAsync(Timeout);
        Assert.True(first == _listening.Task, "the app exited before listening:\n" + string.Join('\n', _output));
    }

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.StartsWith("GridPulse 已启动", StringComparison.Ordinal) && line.Contains(_address, StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    /// <summary>A free loopback port (<see cref="LoopbackPort.Free"/>).</summary>
    internal static int FreePort() => LoopbackPort.Free();
}
