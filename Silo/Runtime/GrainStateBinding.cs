using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Runtime;

/// <summary>A constructor parameter of a grain class marked with <see cref="PersistentStateAttribute"/>.</summary>
internal abstract class GrainStateBinding(string stateName, string storageName, Type parameterType)
{
    /// <summary>The storage name used when the attribute names none, as Orleans' default provider.</summary>
    public const string DefaultStorageName = "Default";

    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName;

    public Type ParameterType { get; } = parameterType;

    public static GrainStateBinding? TryCreate(Type grainType, ParameterInfo parameter)
    {
        var attribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (attribute is null)
        {
            return null;
        }

        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"Grain {grainType.FullName}: constructor parameter '{parameter.Name}' has [PersistentState] but its type is " +
                $"{type.Name}, not IPersistentState<TState>.");
        }

        var bindingType = typeof(GrainStateBinding<>).MakeGenericType(type.GetGenericArguments()[0]);
        return (GrainStateBinding)Activator.CreateInstance(
            bindingType, attribute.StateName, attribute.StorageName ?? DefaultStorageName, type)!;
    }

    public abstract IGrainStateReader CreateState(IServiceProvider services, string grainType, string grainKey);

    protected IGrainStorage ResolveStorage(IServiceProvider services, string grainType)
    {
        var storage = services.GetKeyedService<IGrainStorage>(StorageName);
        if (storage is null && StorageName == DefaultStorageName)
        {
            storage = services.GetService<IGrainStorage>();
        }

        return storage ?? throw new InvalidOperationException(
            $"No grain storage named '{StorageName}' is registered; grain type '{grainType}' needs it for state '{StateName}'. " +
            "Register one with SiloBuilder.AddMemoryGrainStorage or AddGrainStorage.");
    }
}

internal sealed class GrainStateBinding<TState>(string stateName, string storageName, Type parameterType)
    : GrainStateBinding(stateName, storageName, parameterType)
{
    public override IGrainStateReader CreateState(IServiceProvider services, string grainType, string grainKey) =>
        new PersistentState<TState>(ResolveStorage(services, grainType), StateName, grainType, grainKey);
}

/// <summary>What the activation needs of a persistent state: to read it before the grain activates.</summary>
internal interface IGrainStateReader
{
    Task ReadStateAsync(CancellationToken cancellationToken = default);
}

internal sealed class PersistentState<TState>(IGrainStorage storage, string stateName, string grainType, string grainKey)
    : IPersistentState<TState>, IGrainState<TState>, IGrainStateReader
{
    public TState State { get; set; } = CreateEmptyState();

    public string? Etag { get; set; }

    public bool RecordExists { get; set; }

    string? IGrainState<TState>.ETag
    {
        get => Etag;
        set => Etag = value;
    }

    public Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        State = CreateEmptyState();
        return storage.ReadStateAsync(stateName, grainType, grainKey, this, cancellationToken);
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        storage.WriteStateAsync(stateName, grainType, grainKey, this, cancellationToken);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearStateAsync(stateName, grainType, grainKey, this, cancellationToken).ConfigureAwait(false);
        State = CreateEmptyState();
    }

    private static TState CreateEmptyState() =>
        typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance<TState>()
            : default!;
}
