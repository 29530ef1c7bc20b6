using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Runtime;

/// <summary>A registered grain class: how to create it, its grain interfaces, its state and collection age.</summary>
internal sealed class GrainClass
{
    private readonly ObjectFactory _factory;

    private GrainClass(Type type, IReadOnlyList<Type> interfaces, IReadOnlyList<GrainStateBinding> states)
    {
        Type = type;
        Interfaces = interfaces;
        States = states;
        GrainType = GrainTypeName(type);
        var ageLimit = type.GetCustomAttribute<CollectionAgeLimitAttribute>();
        AlwaysActive = ageLimit?.AlwaysActive ?? false;
        CollectionAge = ageLimit is { Amount.Ticks: > 0 } ? ageLimit.Amount : null;
        _factory = ActivatorUtilities.CreateFactory(type, [.. states.Select(s => s.ParameterType)]);
    }

    public Type Type { get; }

    /// <summary>The name the class's state is stored under: the class name without "Grain", lower case, as Orleans.</summary>
    public string GrainType { get; }

    public IReadOnlyList<Type> Interfaces { get; }

    public IReadOnlyList<GrainStateBinding> States { get; }

    public bool AlwaysActive { get; }

    /// <summary>The class's own age limit; null to use the silo's.</summary>
    public TimeSpan? CollectionAge { get; }

    /// <summary>Validates a grain class and everything the runtime needs of it; throws with a clear message otherwise.</summary>
    public static GrainClass Create(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.IsClass || type.IsAbstract || !typeof(Grain).IsAssignableFrom(type) || type.ContainsGenericParameters)
        {
            throw new InvalidOperationException($"{type.FullName} is not a concrete class derived from Silo.Grain.");
        }

        var interfaces = type.GetInterfaces().Where(IsGrainInterface).ToArray();
        foreach (var grainInterface in interfaces)
        {
            ValidateInterface(type, grainInterface);
        }

        return new GrainClass(type, interfaces, FindStateBindings(type));
    }

    public Grain CreateInstance(IServiceProvider services, object?[] states) => (Grain)_factory(services, states);

    public override string ToString() => Type.Name;

    private static bool IsGrainInterface(Type type) =>
        typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain) && type != typeof(IGrainWithStringKey);

    private static void ValidateInterface(Type grainType, Type grainInterface)
    {
        if (!grainInterface.IsPublic && !grainInterface.IsNestedPublic)
        {
            throw new InvalidOperationException(
                $"Grain interface {grainInterface.FullName} (of {grainType.Name}) must be public so references can be made to it.");
        }

        foreach (var method in grainInterface.GetMethods())
        {
            if (!GrainMethodInvoker.IsAwaitableReturn(method.ReturnType))
            {
                throw new InvalidOperationException(
                    $"Grain interface method {grainInterface.Name}.{method.Name} (of {grainType.Name}) returns " +
                    $"{method.ReturnType.Name}; every grain interface method must return Task, Task<T>, ValueTask or ValueTask<T>.");
            }

            if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
            {
                throw new InvalidOperationException(
                    $"Grain interface method {grainInterface.Name}.{method.Name} (of {grainType.Name}) has a ref, in or out parameter; " +
                    "grain calls pass arguments by value.");
            }
        }
    }

    private static GrainStateBinding[] FindStateBindings(Type type)
    {
        var constructor = ChooseConstructor(type);
        var bindings = constructor.GetParameters()
            .Select(p => GrainStateBinding.TryCreate(type, p))
            .OfType<GrainStateBinding>()
            .ToArray();
        var duplicate = bindings.GroupBy(b => b.StateName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Grain {type.FullName} has two persistent states named '{duplicate.Key}'.");
        }

        return bindings;
    }

    private static ConstructorInfo ChooseConstructor(Type type)
    {
        var constructors = type.GetConstructors();
        return constructors.FirstOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute)))
            ?? constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain {type.FullName} has no public constructor.");
    }

    private static string GrainTypeName(Type type)
    {
        var name = type.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
