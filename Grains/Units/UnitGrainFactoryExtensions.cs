using Grains.Interfaces;
using Orleans;

namespace Grains.Units;

/// <summary>Picks the grain of a unit by its level.</summary>
public static class UnitGrainFactoryExtensions
{
    /// <summary>The grid grain of a grid, the area grain of a community, street or district.</summary>
    public static IUnitGrain GetUnitGrain(this IGrainFactory grains, Unit unit) =>
        unit.Level == UnitLevel.Grid
            ? grains.GetGrain<IGridGrain>(unit.Id)
            : grains.GetGrain<IAreaGrain>(unit.Id);
}
