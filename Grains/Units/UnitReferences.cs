using Grains.Interfaces;
using Orleans;
using Orleans.GrainReferences;
using Orleans.Metadata;
using Orleans.Runtime;

namespace Grains.Units;

/// <summary>
/// References to the unit grains, for the paths every report takes (its grid, then each parent in turn).
/// <see cref="IGrainFactory"/>'s <c>GetGrain</c> works out the grain interface type from the CLR type on every call,
/// formatting the type's name (4% of the server's CPU in single-report ingestion, measured with perf); this works it
/// out once per interface and makes each reference with Orleans' own activator, as <c>GetGrain</c> does after that.
/// </summary>
public sealed class UnitReferences(
    GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes, GrainReferenceActivator activator)
{
    // Worked out at the first reference: a cluster client learns the grain types from the silos once connected.
    private Target? _grid;
    private Target? _area;

    /// <summary>The grain of grid <paramref name="id"/>.</summary>
    public IGridGrain Grid(string id) => (IGridGrain)Create(_grid ??= Resolve(typeof(IGridGrain)), id);

    /// <summary>The grain of community, street or district <paramref name="id"/>.</summary>
    public IAreaGrain Area(string id) => (IAreaGrain)Create(_area ??= Resolve(typeof(IAreaGrain)), id);

    /// <summary>The grid grain of a grid, the area grain of a community, street or district.</summary>
    public IUnitGrain Of(Unit unit) => unit.Level == UnitLevel.Grid ? Grid(unit.Id) : Area(unit.Id);

    private GrainReference Create(Target target, string id) =>
        activator.CreateReference(GrainId.Create(target.GrainType, IdSpan.Create(id)), target.InterfaceType);

    private Target Resolve(Type interfaceType)
    {
        var type = interfaces.GetGrainInterfaceType(interfaceType);
        return new Target(type, grainTypes.GetGrainType(type));
    }

    private sealed record Target(GrainInterfaceType InterfaceType, GrainType GrainType);
}
