namespace Silo.Runtime;

/// <summary>The registered grain classes, and which class serves each grain interface.</summary>
internal sealed class GrainTypeCatalog
{
    private readonly Dictionary<Type, GrainClass> _classes = [];

    public IEnumerable<GrainClass> Classes => _classes.Values;

    /// <summary>Registers a class once; registration happens while services are configured, before the silo runs.</summary>
    public void Add(Type grainType)
    {
        if (!_classes.ContainsKey(grainType))
        {
            _classes.Add(grainType, GrainClass.Create(grainType));
        }
    }

    /// <summary>The one class serving <paramref name="grainInterface"/>; throws naming the candidates when there are several.</summary>
    public GrainClass Resolve(Type grainInterface)
    {
        var candidates = _classes.Values.Where(c => c.Interfaces.Contains(grainInterface)).ToArray();
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new InvalidOperationException(
                $"No registered grain class implements {grainInterface.Name}; register its assembly with SiloBuilder.AddGrains."),
            _ => throw new InvalidOperationException(
                $"Grain interface {grainInterface.Name} is implemented by several grain classes " +
                $"({string.Join(", ", candidates.Select(c => c.Type.Name).Order(StringComparer.Ordinal))}); " +
                "ask for the grain through an interface only one of them implements."),
        };
    }
}
