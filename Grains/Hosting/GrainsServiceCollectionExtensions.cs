using Microsoft.Extensions.DependencyInjection;

namespace Grains.Hosting;

/// <summary>Registration of the grains and the domain services around them.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the grains with the silo, <see cref="Ingestion.IngestionService"/>, <see cref="Queries.UnitQueries"/>,
    /// <see cref="Queries.CaseQueries"/> and the start-up replay of the event log into the grains. The caller
    /// registers the <see cref="Organisation.OrganisationTree"/>, the event log and the silo.
    /// </summary>
    public static IServiceCollection AddGridPulseGrains(this IServiceCollection services) =>
        throw new NotImplementedException();
}
