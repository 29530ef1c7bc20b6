using System.Collections.Concurrent;
using System.Reflection;

namespace Silo.Runtime;

/// <summary>
/// The proxy behind every grain reference: it implements the grain interface (and the interfaces it inherits) and
/// sends each call to the activation of its (grain class, key). Not sealed because DispatchProxy derives from it.
/// </summary>
internal class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethodInvoker> Invokers = new();

    private GrainRuntime? _runtime;
    private GrainClass? _grainClass;
    private string _key = "";
    private GrainActivation? _activation;

    public GrainRuntime Runtime => _runtime!;

    public GrainClass GrainClass => _grainClass!;

    public string Key => _key;

    public void Bind(GrainRuntime runtime, GrainClass grainClass, string key)
    {
        _runtime = runtime;
        _grainClass = grainClass;
        _key = key;
    }

    /// <summary>
    /// A reference of the same interface to another key. Cloning skips DispatchProxy.Create, which costs a type
    /// lookup and a reflective constructor call; the clone shares the generated type's method table.
    /// </summary>
    public GrainReference WithKey(string key)
    {
        var reference = (GrainReference)MemberwiseClone();
        reference._key = key;
        reference._activation = null;
        return reference;
    }

    /// <summary>The activation to call; remembered so repeated calls through one reference skip the directory.</summary>
    public GrainActivation GetActivation()
    {
        var activation = _activation;
        if (activation is null || activation.IsDead)
        {
            activation = Runtime.GetOrAddActivation(GrainClass, _key);
            _activation = activation;
        }

        return activation;
    }

    public override bool Equals(object? obj) =>
        obj is GrainReference other && other._grainClass == _grainClass && other._key == _key;

    public override int GetHashCode() => HashCode.Combine(_grainClass, _key);

    public override string ToString() => $"{_grainClass}/{_key}";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoker = Invokers.GetOrAdd(targetMethod, GrainMethodInvoker.Create);
        return invoker.Invoke(this, args ?? []);
    }
}
