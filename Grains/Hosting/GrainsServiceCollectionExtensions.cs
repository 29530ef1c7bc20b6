using Grains.Ingestion;
using Grains.Live;
using Grains.Queries;
using Grains.Replay;
using Grains.Time;
using Grains.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Grains.Hosting;

/// <summary>Registration of the grains and the domain services around them.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the grains with the silo, <see cref="Ingestion.IngestionService"/>, <see cref="Queries.UnitQueries"/>,
    /// <see cref="Queries.CaseQueries"/>, the signals of the live push (<see cref="UnitChanges"/>,
    /// <see cref="ActivityFeed"/>) and the start-up replay of the event log into the grains. The caller
    /// registers the <see cref="Organisation.OrganisationTree"/>, the event log and the silo.
    /// </summary>
    public static IServiceCollection AddGridPulseGrains(this IServiceCollection services)
    {
        services.AddOptions<GridPulseOptions>().BindConfiguration(GridPulseOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalClock>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<UnitChanges>();
        services.AddSingleton<ActivityFeed>();
        services.AddSingleton<UnitQueries>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<LogReplay>();
        services.AddSingleton<ReplayStatus>();
        services.AddHostedService<LogReplayService>();
        return services;
    }
}
