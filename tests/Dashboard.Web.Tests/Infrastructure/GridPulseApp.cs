using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>The whole product in memory, on its own data directory and organisation file, with the simulator off.</summary>
public sealed class GridPulseApp(string dataDirectory, string organisationFile, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Organisation:File", organisationFile);
        builder.UseSetting("Demo", "false");
        builder.UseSetting("Simulator:Rate", "0");
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
