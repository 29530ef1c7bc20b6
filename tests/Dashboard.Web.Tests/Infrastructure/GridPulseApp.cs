using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// The whole product in memory on its own data directory: either on an organisation file with the simulator off
/// (<see cref="ForOrganisation"/>) or as <c>--demo</c> runs it (<see cref="ForDemo"/>). Settings add or override
/// configuration; <c>services</c> replaces registrations.
/// </summary>
public sealed class GridPulseApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    private GridPulseApp(string dataDirectory, IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services)
    {
        _settings = new Dictionary<string, string>(defaults) { ["Storage:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

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
    }
}
