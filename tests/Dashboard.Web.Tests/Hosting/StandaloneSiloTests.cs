using System.Diagnostics;
using System.Globalization;
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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _directory = new();
    private readonly List<Process> _silos = [];

    [Fact]
    public async Task A_silo_of_its_own_serves_the_organisations_grains_to_a_client_and_stops_cleanly_on_sigterm()
    {
        var gatewayPort = AppProcess.FreePort();
        var silo = StartSilo(
            "--org", _directory.OrganisationFile,
            "--data", _directory.DataDirectory,
            "--silo-port", AppProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("The GridPulse silo is running", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        await started.Task.WaitAsync(Patience);

        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort));
        using var client = builder.Build();
        await client.StartAsync();
        var district = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IAreaGrain>(TestOrganisation.District).GetSnapshotAsync();
        var grid = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IGridGrain>("t-g2").GetSnapshotAsync();
        await client.StopAsync();

        Assert.Equal("测试区", district.Name);
        Assert.Equal(["t-s1", "t-s2"], district.Children.Select(child => child.UnitId));
        Assert.Equal(2, grid.Workers.Total);
        using var terminate = Process.Start("kill", ["-TERM", silo.Id.ToString(CultureInfo.InvariantCulture)]);
        await silo.WaitForExitAsync().WaitAsync(Patience);
        Assert.Equal(0, silo.ExitCode);
    }

    [Fact]
    public async Task Without_an_organisation_the_silo_says_so_and_exits_1()
    {
        var silo = StartSilo("--data", _directory.DataDirectory);
        var error = silo.StandardError.ReadToEndAsync();

        await silo.WaitForExitAsync().WaitAsync(Patience);

        Assert.Equal(1, silo.ExitCode);
        Assert.Contains("--org FILE", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await error, StringComparison.Ordinal);
    }

    private Process StartSilo(params string[] arguments)
    {
        var start = AppProcess.DotnetExec("Silo.dll", arguments);
        var silo = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _silos.Add(silo);
        return silo;
    }

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
                silo.WaitForExit();
            }

            silo.Dispose();
        }

        _directory.Dispose();
    }
}
