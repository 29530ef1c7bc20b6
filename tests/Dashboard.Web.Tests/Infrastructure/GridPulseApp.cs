using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>The whole product in memory, on its own data directory and organisation file, with the simulator off; <paramref name="settings"/> adds or overrides configuration.</summary>
public sealed class GridPulseApp(
    string dataDirectory,
    string organisationFile,
    Action<IServiceCollection>? services = null,
    IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Organisation:File", organisationFile);
        builder.UseSetting("Demo", "false");
        builder.UseSetting("Simulator:Rate", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
