using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Silo.Runtime;

namespace Silo.Hosting;

/// <summary>Registration of the grain runtime.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Registers the grain runtime as a hosted service, <see cref="IGrainFactory"/>, <see cref="SiloOptions"/>,
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, and a
    /// <see cref="MemoryGrainStorage"/> as default grain storage. May be called more than once; grains registered
    /// through every call are served by the one runtime.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, Action<SiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var catalog = FindCatalog(services);
        if (catalog is null)
        {
            catalog = new GrainTypeCatalog();
            services.AddSingleton(catalog);
            services.AddOptions<SiloOptions>()
                .Validate(o => o.CollectionAge > TimeSpan.Zero, "Silo:CollectionAge must be positive.")
                .Validate(o => o.CollectionQuantum > TimeSpan.Zero, "Silo:CollectionQuantum must be positive.");
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<GrainRuntime>();
            services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
            services.TryAddKeyedSingleton<IGrainStorage, MemoryGrainStorage>(SiloBuilder.DefaultStorageName);
            services.AddHostedService<SiloHostedService>();
        }

        configure?.Invoke(new SiloBuilder(services, catalog));
        return services;
    }

    private static GrainTypeCatalog? FindCatalog(IServiceCollection services) =>
        services.Select(d => d.ServiceType == typeof(GrainTypeCatalog) && !d.IsKeyedService ? d.ImplementationInstance : null)
            .OfType<GrainTypeCatalog>()
            .FirstOrDefault();
}
