using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime;

namespace Silo.Hosting;

/// <summary>Registers grain classes and grain storages with the silo; handed out by <c>AddSilo</c>.</summary>
public sealed class SiloBuilder
{
    /// <summary>The name of the storage used by <see cref="PersistentStateAttribute"/> without a storage name.</summary>
    public const string DefaultStorageName = GrainStateBinding.DefaultStorageName;

    private readonly GrainTypeCatalog _catalog;

    internal SiloBuilder(IServiceCollection services, GrainTypeCatalog catalog)
    {
        Services = services;
        _catalog = catalog;
    }

    /// <summary>The service collection the silo is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers every non-abstract <see cref="Grain"/> subclass of <paramref name="assembly"/>. Throws if a grain
    /// interface has a method that does not return a task, or a grain class cannot be created.
    /// </summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var grainTypes = assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && typeof(Grain).IsAssignableFrom(t));
        foreach (var grainType in grainTypes)
        {
            _catalog.Add(grainType);
        }

        return this;
    }

    /// <summary>Registers one grain class.</summary>
    public SiloBuilder AddGrain<TGrain>()
        where TGrain : Grain
    {
        _catalog.Add(typeof(TGrain));
        return this;
    }

    /// <summary>Registers a <see cref="MemoryGrainStorage"/> under <paramref name="name"/>.</summary>
    public SiloBuilder AddMemoryGrainStorage(string name = DefaultStorageName) => AddGrainStorage<MemoryGrainStorage>(name);

    /// <summary>Registers <typeparamref name="TStorage"/> as the grain storage named <paramref name="name"/>.</summary>
    public SiloBuilder AddGrainStorage<TStorage>(string name)
        where TStorage : class, IGrainStorage
    {
        Services.AddKeyedSingleton<IGrainStorage, TStorage>(name);
        return this;
    }
}
