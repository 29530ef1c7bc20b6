using System.Net;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Authorization;

/// <summary>
/// One demo app (simulator and history off) per test class, with an account and a bearer token for every
/// <see cref="Caller"/> and a case in every <see cref="Place"/>, so that each cell of the matrix only sends its requests.
/// </summary>
public sealed class AuthorizationFixture : IAsyncLifetime, IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly Dictionary<Caller, string> _tokens = [];
    private readonly Dictionary<Caller, HttpClient> _clients = [];
    private GridPulseApp? _app;

    /// <summary>The running app.</summary>
    public GridPulseApp App => _app ?? throw new InvalidOperationException("the app has not started");

    /// <summary>A client of the administrator, for arranging and checking.</summary>
    public HttpClient Admin => _clients[Caller.Admin];

    /// <summary>The id of the case created in <paramref name="place"/> at start.</summary>
    public static string CaseIn(Place place) => $"matrix-case-{place.GridId}";

    /// <summary>A client carrying the caller's credentials (none for <see cref="Caller.Anonymous"/>).</summary>
    public HttpClient ClientOf(Caller caller) => _clients[caller];

    /// <summary>A hub connection authenticated as the caller, who must have credentials.</summary>
    public Task<HubTestClient> ConnectAsync(Caller caller) => HubTestClient.ConnectAsync(App, _tokens[caller]);

    public async Task InitializeAsync()
    {
        _app = GridPulseApp.ForDemo(
            _directory.DataDirectory,
            new Dictionary<string, string> { ["Simulator:Rate"] = "0", ["Simulator:HistoryDays"] = "0" });
        _tokens[Caller.Admin] = App.AdminToken;
        _tokens[Caller.StreetLeader] = await App.CreateAccountWithTokenAsync("matrix-street-leader", Roles.Leader, unitId: "huangdao");
        _tokens[Caller.CommunityLeader] = await App.CreateAccountWithTokenAsync("matrix-community-leader", Roles.Leader, unitId: "huangdao-c02");
        _tokens[Caller.Display] = await App.CreateAccountWithTokenAsync("matrix-display", Roles.Display, unitId: "huangdao");
        _tokens[Caller.Worker] = await App.CreateAccountWithTokenAsync("matrix-worker", Roles.Worker, workerId: Place.OwnGrid.WorkerId);
        foreach (var (caller, token) in _tokens)
        {
            _clients[caller] = App.CreateClientFor(token);
        }

        _clients[Caller.Anonymous] = App.CreateAnonymousClient();
        foreach (var place in Place.All)
        {
            using var created = await Admin.PostJsonAsync("/api/cases", Api.Case(CaseIn(place), place.GridId, place.WorkerId));
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        }
    }

    // xunit calls DisposeAsync (the app lets go of the database) before Dispose (the directory goes).
    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();
}
