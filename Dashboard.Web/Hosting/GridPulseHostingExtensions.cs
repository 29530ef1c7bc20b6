using Dashboard.Web.Apis;
using Dashboard.Web.Live;
using Dashboard.Web.Replay;
using Dashboard.Web.Simulation;
using Grains.Hosting;
using Grains.Live;
using Grains.Organisation;
using Orleans.Dashboard;
using Silo.Health;
using Silo.Hosting;
using Storage;

namespace Dashboard.Web.Hosting;

/// <summary>Registers everything the product runs: organisation, storage, silo, grains, simulator, the HTTP surface and the live push.</summary>
public static class GridPulseHostingExtensions
{
    private const string SimulatorRateKey = "Simulator:Rate";
    private const string DemoSimulatorRate = "20";
    private const string SimulatorHistoryDaysKey = "Simulator:HistoryDays";
    private const string DemoSimulatorHistoryDays = "30";

    /// <summary>Adds GridPulse to the host, in the order its parts depend on each other.</summary>
    /// <exception cref="OrganisationFileException">No organisation is given, or its file cannot be used.</exception>
    public static WebApplicationBuilder AddGridPulse(this WebApplicationBuilder builder)
    {
        var demo = builder.Configuration.GetValue<bool>(OrganisationOptions.DemoKey);
        var file = builder.Configuration.GetSection(OrganisationOptions.SectionName).Get<OrganisationOptions>()?.File;
        builder.Services.AddSingleton(LoadOrganisation(file, demo));
        if (demo && builder.Configuration[SimulatorRateKey] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(SimulatorRateKey, DemoSimulatorRate)]);
        }

        if (demo && builder.Configuration[SimulatorHistoryDaysKey] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(SimulatorHistoryDaysKey, DemoSimulatorHistoryDays)]);
        }

        if (demo && builder.Configuration[GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey, "true")]);
        }

        var cluster = GridPulseCluster.Read(builder.Configuration);
        if (cluster.IsCluster)
        {
            // A web node of a cluster: an Orleans client of the silos (the Silo project), which host the grains. It
            // writes to the shared log itself and hands the writes to the grains, as a co-hosting app does.
            builder.UseOrleansClient(client =>
            {
                cluster.Configure(client);
                if (builder.Configuration.GetValue<bool>(GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey))
                {
                    client.AddDashboard(options => options.HideTrace = true);
                }
            });
            builder.Services.AddEventLog();
            builder.Services.AddGridPulseGrains();
            builder.Services.AddHostedService<ActivityRelay>();
        }
        else
        {
            builder.UseOrleans(silo => silo.AddGridPulse(builder.Configuration));
        }

        builder.Services.AddSimulator(builder.Configuration);
        builder.AddGridPulseHttp();
        builder.Services.AddLivePush();
        return builder;
    }

    private static OrganisationTree LoadOrganisation(string? file, bool demo)
    {
        if (!string.IsNullOrWhiteSpace(file))
        {
            return OrganisationTree.Load(file);
        }

        if (demo)
        {
            return OrganisationTree.Load(Path.Combine(AppContext.BaseDirectory, "Demo", "organisation.json"));
        }

        throw new OrganisationFileException(
            "未指定组织文件：请用 --org FILE 指定组织文件，或用 --demo 运行演示组织。"
            + " No organisation given: pass --org FILE, or --demo to run the demo organisation.");
    }

    private static void AddGridPulseHttp(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.Apply);
        builder.Services.AddExceptionHandler<OutageAnswer>();
        builder.Services.AddGridPulseHealthChecks();
        builder.Services.AddHostedService<AddressAnnouncement>();
        builder.Services.AddSingleton<ReplayArchive>();
    }
}
