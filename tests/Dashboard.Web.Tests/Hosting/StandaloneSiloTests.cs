using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dashboard.Web.Tests.Infrastructure;
using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// <c>Silo</c> runs a GridPulse silo on its own (<c>dotnet run --project Silo -- --org FILE</c>): the built Silo.dll as
/// a child process, reached by an Orleans client through its gateway, as a web front end in a cluster would.
/// </summary>
public sealed class StandaloneSiloTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_silo_of_its_own_serves_the_organisations_grains_to_a_client_and_stops_cleanly_on_sigterm()
    {
        await using var silo = await SiloProcess.StartAsync("--org", _directory.OrganisationFile, "--data", _directory.DataDirectory);

        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort));
        using var client = builder.Build();
        await client.StartAsync();
        var district = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IAreaGrain>(TestOrganisation.District).GetSnapshotAsync();
        var grid = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IGridGrain>("t-g2").GetSnapshotAsync();
        await client.StopAsync();
        using var alive = await silo.Health.GetAsync("/healthz");
        using var ready = await silo.Health.GetAsync("/readyz");

        Assert.Equal("测试区", district.Name);
        Assert.Equal(["t-s1", "t-s2"], district.Children.Select(child => child.UnitId));
        Assert.Equal(2, grid.Workers.Total);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(silo.Output, line => line.Contains($"{silo.Health.BaseAddress}readyz", StringComparison.Ordinal));
        using var terminate = Process.Start("kill", ["-TERM", silo.Process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, await silo.ExitAsync());
    }

    [Fact]
    public async Task Without_an_organisation_the_silo_says_so_and_exits_1()
    {
        await using var silo = SiloProcess.Start("--data", _directory.DataDirectory);

        Assert.Equal(1, await silo.ExitAsync());
        Assert.Contains(silo.Output, line => line.Contains("--org FILE", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Output, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();
}
