using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The built app run as a child process with the demo organisation and the simulator off (numbers move only when a
/// test writes), on a temporary data directory. It can be killed and started again on the same address and data.
/// </summary>
public class DemoServer : IAsyncLifetime, IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly string[] _simulator;
    private AppProcess? _app;

    public DemoServer()
        : this("--simulate", "0")
    {
    }

    /// <summary>The demo with <paramref name="simulator"/>'s options instead of the simulator off.</summary>
    protected DemoServer(params string[] simulator) => _simulator = simulator;

    public Uri Address { get; } = AppProcess.FreeAddress();

    /// <summary>A client of the running app's HTTP API.</summary>
    public HttpClient Client => (_app ?? throw new InvalidOperationException("the server is not running")).Client;

    /// <summary>The admin token the running app accepts (<c>GRIDPULSE_ADMIN_TOKEN</c>, new at every start).</summary>
    public string AdminToken => (_app ?? throw new InvalidOperationException("the server is not running")).AdminToken;

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the app (again) on <see cref="Address"/> and its data directory; returns once it listens.</summary>
    public async Task StartAsync() =>
        _app = await AppProcess.StartAsync(Address, ["--demo", .. _simulator, "--data", _directory.DataDirectory]);

    /// <summary>Kills the app with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    // xunit calls DisposeAsync (the app lets go of the data directory) before Dispose (the directory goes).
    public Task DisposeAsync() => KillAsync();

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The demo under live load, as a wall of a busy district sees it: the simulator at 50 reports a second (cases, trainings,
/// events and duty changes among them) over three days of history.
/// </summary>
public sealed class BusyDemoServer() : DemoServer("--simulate", "50", "--Simulator:HistoryDays=3");
