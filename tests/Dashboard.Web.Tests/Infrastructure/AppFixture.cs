namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>One running app per test class, on its own temporary directory.</summary>
public class AppFixture : IAsyncLifetime, IDisposable
{
    private readonly TestDirectory _directory = new();
    private GridPulseApp? _app;

    /// <summary>A client carrying the app's admin token.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The running app, for clients of other identities and its services.</summary>
    public GridPulseApp App => _app ?? throw new InvalidOperationException("the app has not started");

    /// <summary>Settings of the app beyond the tests' defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public Task InitializeAsync()
    {
        _app = _directory.StartApp(settings: Settings);
        Client = _app.CreateClient();
        return Task.CompletedTask;
    }

    // xunit calls DisposeAsync (the app lets go of the database) before Dispose (the directory goes).
    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
