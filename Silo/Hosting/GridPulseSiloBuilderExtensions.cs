using Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;
using Storage;

namespace Silo.Hosting;

/// <summary>The one place that configures a GridPulse silo, whether it runs alone or inside the web app.</summary>
public static class GridPulseSiloBuilderExtensions
{
    /// <summary>
    /// The setting that turns on Orleans' own diagnostics: the Orleans dashboard and the export of Orleans' meters.
    /// Off by default (on with <c>--demo</c>): while anything listens to them, Orleans records its per-message and
    /// per-activation instruments, which costs memory per grain and CPU per call (README, Operations).
    /// </summary>
    public const string OrleansDiagnosticsKey = "Operations:OrleansDiagnostics";

    /// <summary>
    /// Configures <paramref name="silo"/> for GridPulse: its cluster (<see cref="GridPulseCluster"/>: localhost
    /// clustering on one machine, Redis membership with <c>--redis</c>), the event log (SQLite, or PostgreSQL with
    /// <c>ConnectionStrings:GridPulse</c>), the grains' domain services, the idle collection age of case grains
    /// (<c>Silo:CollectionAge</c>, default 15 minutes; unit grains are never collected) and, with
    /// <see cref="OrleansDiagnosticsKey"/>, the Orleans dashboard's grains (the web app serves its pages). The caller
    /// registers the <see cref="Grains.Organisation.OrganisationTree"/>.
    /// </summary>
    /// <exception cref="StartupException">A cluster setting cannot be used (<see cref="GridPulseCluster.Read"/>).</exception>
    public static ISiloBuilder AddGridPulse(this ISiloBuilder silo, IConfiguration configuration)
    {
        GridPulseCluster.Read(configuration).Configure(silo);
        if (configuration.GetValue<bool>(OrleansDiagnosticsKey))
        {
            // Its live log stream stays off: the logs are the console's, and the dashboard is for the cluster's state.
            silo.AddDashboard(options => options.HideTrace = true);
        }

        return silo.AddGridPulseServices(configuration);
    }

    /// <summary>
    /// Everything of a GridPulse silo but its clustering (which Orleans' test cluster brings its own of): the event
    /// log, the grains' domain services, logging filters and the idle collection age of case grains.
    /// </summary>
    public static ISiloBuilder AddGridPulseServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        var collectionAge = configuration.GetValue("Silo:CollectionAge", TimeSpan.FromMinutes(15));
        silo.Configure<GrainCollectionOptions>(options => options.CollectionAge = collectionAge);

        // One silo: the directory cache only duplicates the local directory, 390 bytes a grain (a 1,000,000-entry
        // dictionary allocated up front, then an LRU node, item and queue slot per activation). CacheSize also sizes
        // the LRU cache that Orleans creates whatever the strategy (9 MB preallocated at the default 1,000,000). In a
        // cluster the cache saves a directory lookup on another silo per call, and stays.
        if (string.IsNullOrWhiteSpace(configuration[GridPulseClusterOptions.RedisKey]))
        {
            silo.Configure<GrainDirectoryOptions>(options =>
            {
                options.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None;
                options.CacheSize = 1000;
            });
        }

        // Orleans logs every placement through Polly at Information: on the hot path that is noise and cost.
        silo.Services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning).AddFilter("Orleans", LogLevel.Warning));
        silo.Services.AddEventLog();
        silo.Services.AddGridPulseGrains();
        silo.Services.AddReportProjector();
        return silo;
    }
}
