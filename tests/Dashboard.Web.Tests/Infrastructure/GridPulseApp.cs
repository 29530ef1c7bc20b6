using System.Globalization;
using System.Net.Http.Headers;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// The whole product in memory on its own data directory: either on an organisation file with the simulator off
/// (<see cref="ForOrganisation"/>) or as <c>--demo</c> runs it (<see cref="ForDemo"/>). Settings add or override
/// configuration; <c>services</c> replaces registrations. It runs with a random admin token
/// (<see cref="AdminToken"/>), which <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> clients carry;
/// <see cref="CreateClientFor"/> and <see cref="CreateAnonymousClient"/> make clients of other identities.
/// </summary>
public sealed class GridPulseApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    private GridPulseApp(string dataDirectory, IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services)
    {
        _settings = new Dictionary<string, string>(defaults)
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Cluster:SiloPort"] = AppProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = "0",
            [AccountOptions.AdminTokenKey] = "test-admin-" + Guid.NewGuid().ToString("N"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

    /// <summary>The admin token the app accepts, and <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> clients carry.</summary>
    public string AdminToken => _settings[AccountOptions.AdminTokenKey];

    /// <summary>The app's account store, for creating accounts and issuing credentials directly.</summary>
    public AccountStore Accounts => Services.GetRequiredService<AccountStore>();

    /// <summary>The app on <paramref name="organisationFile"/>, the simulator off.</summary>
    public static GridPulseApp ForOrganisation(
        string dataDirectory,
        string organisationFile,
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string>? settings = null) =>
        new(dataDirectory, new Dictionary<string, string> { ["Organisation:File"] = organisationFile, ["Demo"] = "false", ["Simulator:Rate"] = "0" }, settings, services);

    /// <summary>The app with <c>--demo</c>: the shipped organisation and the demo's simulator defaults, unless <paramref name="settings"/> says otherwise.</summary>
    public static GridPulseApp ForDemo(
        string dataDirectory,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null) =>
        new(dataDirectory, new Dictionary<string, string> { ["Demo"] = "true" }, settings, services);

    /// <summary>A client carrying <paramref name="secret"/> as its bearer token; redirects are not followed.</summary>
    public HttpClient CreateClientFor(string secret)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>A client without credentials (it keeps the cookies it is given); redirects are not followed.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>Creates an account and issues it a bearer token; returns the token's secret.</summary>
    public async Task<string> CreateAccountWithTokenAsync(string id, string role, string? unitId = null, string? workerId = null)
    {
        await Accounts.CreateAsync(new NewAccount(id, id, role, unitId, workerId, Password: null));
        return (await Accounts.IssueAsync(id, CredentialKind.Token)).Secret;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }

        // A test's hand-moved clock drives the product and the grains' timers, never the silo's own maintenance loops:
        // on the test's clock, moving it ran those loops inline on the test's thread, and one never came back.
        builder.ConfigureTestServices(services => services.UseTimeProviderForBackgroundAreas(TimeProvider.System));
    }
}
